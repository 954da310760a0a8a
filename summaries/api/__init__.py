"""The REST API (/api/v1/): the same services, selectors and permissions as the web pages, as JSON."""
