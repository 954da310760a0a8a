"""Outgoing feeds: published summaries as RSS 2.0, Atom 1.0 and JSON Feed 1.1, for every reader a newsroom's
audience already has. All published summaries, or those of one feed or one outlet (a website's host)."""
