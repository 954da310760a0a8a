"""Feeds editors follow and the daily digest: how polling backs off and when a feed counts as failing.

Each feed has its own interval (Feed.interval_minutes); beat looks for feeds that are due every
FEED_POLL_SECONDS. Fetching a feed uses the link settings (allowed hosts, timeouts, size, robots.txt).
"""

from newsapp.environment import fraction, integer

# Beat's tick: how often the scheduler looks for feeds whose next poll is due.
SUMMARIES_FEED_POLL_SECONDS = integer("FEED_POLL_SECONDS", 60, minimum=1)
# A feed that failed this many polls in a row is shown as failing to editors, with its last error.
SUMMARIES_FEED_FAILING_AFTER = integer("FEED_FAILING_AFTER", 3, minimum=1)
# Backoff: each failure doubles the wait before the next poll, up to this many minutes.
SUMMARIES_FEED_MAX_BACKOFF_MINUTES = integer("FEED_MAX_BACKOFF_MINUTES", 24 * 60, minimum=1)
# At most this many new entries become articles per poll (the newest first); the rest wait for the next.
SUMMARIES_FEED_MAX_NEW_ENTRIES = integer("FEED_MAX_NEW_ENTRIES", 20, minimum=1)
# A poll reads at most this many of a feed's entries (the newest), before asking the database anything: a
# feed of 140,000 entries costs no more than one of this size.
SUMMARIES_FEED_MAX_ENTRIES = integer("FEED_MAX_ENTRIES", 500, minimum=1)
# One tick polls due feeds for at most this long (each feed's fetch has the link deadline); feeds it did not
# reach stay due for the next tick.
SUMMARIES_FEED_TICK_SECONDS = integer("FEED_TICK_SECONDS", 120, minimum=1)
# Digest: two approved summaries whose e5 embeddings (title + English text) reach this average cosine
# similarity are shown as one story covered by several outlets (tested on NTREX-128 documents in tests/).
SUMMARIES_DIGEST_SIMILARITY = fraction("DIGEST_SIMILARITY", 0.85)
# Outgoing feeds of published summaries (RSS, Atom, JSON Feed): how many of the newest items each holds.
SUMMARIES_SYNDICATION_ITEMS = integer("SYNDICATION_ITEMS", 50, minimum=1)
