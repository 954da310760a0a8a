"""Webhooks editors register: how long a delivery may take, how often it is tried again, when an endpoint that
keeps failing is switched off, and which private addresses it may reach.

Endpoints get the same address checks as submitted links (summaries/articles/links/addresses.py): public
internet addresses only, unless the host is named in WEBHOOK_ALLOWED_HOSTS (same form as LINK_ALLOWED_HOSTS);
cloud metadata addresses and this site's own web server, Redis and database never.
"""

from newsapp.environment import env, integer

# Hosts an endpoint may name although they resolve to loopback, private or link-local addresses: `name` (ports
# 80 and 443), `name:port` or `name:*`, as LINK_ALLOWED_HOSTS. Kept apart from it: reading intranet pages and
# posting to intranet services are different permissions.
SUMMARIES_WEBHOOK_ALLOWED_HOSTS = env.names("WEBHOOK_ALLOWED_HOSTS", "")
# Seconds to connect, and then to wait for the answer (the whole exchange never takes longer than both).
SUMMARIES_WEBHOOK_CONNECT_SECONDS = integer("WEBHOOK_CONNECT_SECONDS", 5, minimum=1)
SUMMARIES_WEBHOOK_READ_SECONDS = integer("WEBHOOK_READ_SECONDS", 10, minimum=1)
# A delivery is tried this many times (the first included) before it counts as failed.
SUMMARIES_WEBHOOK_MAX_ATTEMPTS = integer("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
# Before attempt n+1 the delivery waits between half and all of RETRY_BACKOFF × 2^(n-1) seconds (exponential
# backoff with jitter, so endpoints that failed together are not retried together), at most MAX_BACKOFF.
SUMMARIES_WEBHOOK_RETRY_BACKOFF = integer("WEBHOOK_RETRY_BACKOFF", 30, minimum=1)
SUMMARIES_WEBHOOK_MAX_BACKOFF = integer("WEBHOOK_MAX_BACKOFF", 6 * 3600, minimum=1)
# An endpoint whose deliveries failed this many times in a row (every attempt of each) is disabled, with the
# reason shown, until someone enables it again; an endpoint that answers 410 Gone is disabled at once.
SUMMARIES_WEBHOOK_DISABLE_AFTER = integer("WEBHOOK_DISABLE_AFTER", 5, minimum=1)
