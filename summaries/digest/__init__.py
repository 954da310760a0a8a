"""The daily digest: the day's approved summaries grouped by story, published, exported and e-mailed."""
