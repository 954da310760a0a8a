"""Thin views, one module per area: articles (submit and follow a job), review (editors), published (public)."""
