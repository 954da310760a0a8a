"""The desk: how the newsroom is doing, as charts with their numbers as tables and CSV (editors and staff)."""
