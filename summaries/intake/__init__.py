"""Turning what a user submits into clean text with a known language; no database, no models."""
