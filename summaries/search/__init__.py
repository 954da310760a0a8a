"""Full-text search over every article: its headline, original, translation, summary and the editors' text."""
