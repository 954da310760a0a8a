"""Fetching a submitted link: which addresses may be reached, how long and how much to read, and how the
fetcher introduces itself.

The fetcher runs on the server, inside its network, so by default it only reaches public internet
addresses: loopback, private, link-local and cloud metadata addresses are refused (server-side request
forgery). LINK_ALLOWED_HOSTS names the intranet sites it may fetch from anyway.
"""

from newsapp.environment import env, integer

from .pipeline import SUMMARIES_MAX_UPLOAD_BYTES

# Hosts (exact, case-insensitive; `127.0.0.1` and `[::1]` as written in the link) that may resolve to
# loopback, private or link-local addresses: `name` on ports 80 and 443, `name:port` on that port, `name:*`
# on any. Cloud metadata addresses stay refused whatever this says, and so do this site's own web server
# (PORT on this machine), Redis and database.
SUMMARIES_LINK_ALLOWED_HOSTS = env.names("LINK_ALLOWED_HOSTS", "")
# The port this site's web server listens on (gunicorn's PORT; runstack passes its --port on): links may never
# reach it on this machine, whatever LINK_ALLOWED_HOSTS says.
SUMMARIES_SITE_PORT = integer("PORT", 8000, minimum=1)
SUMMARIES_LINK_MAX_REDIRECTS = integer("LINK_MAX_REDIRECTS", 5)
# Seconds to connect, to wait for each read, and for the whole fetch, redirects and robots.txt included.
SUMMARIES_LINK_CONNECT_SECONDS = integer("LINK_CONNECT_SECONDS", 5, minimum=1)
SUMMARIES_LINK_READ_SECONDS = integer("LINK_READ_SECONDS", 15, minimum=1)
SUMMARIES_LINK_TOTAL_SECONDS = integer("LINK_TOTAL_SECONDS", 30, minimum=1)
# A page is refused as soon as more than this arrives (after gzip/deflate decoding): the upload limit.
SUMMARIES_LINK_MAX_BYTES = integer("LINK_MAX_BYTES", SUMMARIES_MAX_UPLOAD_BYTES, minimum=1)
# Sent with every request so site operators can tell who is reading; robots.txt rules for its first word
# (NewsSummaries) apply, and with LINK_RESPECT_ROBOTS=0 robots.txt is not read at all.
SUMMARIES_LINK_USER_AGENT = env.str(
    "LINK_USER_AGENT", "NewsSummaries/1.0 (+self-hosted news summarization; contact: site admin)"
)
SUMMARIES_LINK_RESPECT_ROBOTS = env.bool("LINK_RESPECT_ROBOTS", True)
# PEM file of the certificate authorities trusted for https links; empty means the system's own store.
SUMMARIES_LINK_CA_BUNDLE = env.str("LINK_CA_BUNDLE", "")
