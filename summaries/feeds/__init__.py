"""Feeds: polled when due, each new entry submitted as a link, failures kept per feed."""
