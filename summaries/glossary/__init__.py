"""The editors' glossary: entries, suggestions, and files imported in the background."""
