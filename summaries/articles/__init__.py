"""Articles and how they come in: text, files and links accepted the same way, rate limits, the submit pages."""
