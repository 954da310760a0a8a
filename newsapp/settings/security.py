"""HTTPS, response headers, the client address behind proxies, rate limits, sign-in lockout, /metrics access.

In production (DEBUG=0) the site is served over HTTPS and every switch below is on by default; HTTPS=0
turns them off together (a loopback load test), each one can also be set on its own. Behind a
TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 (trust its X-Forwarded-Proto).
"""

from datetime import timedelta

from newsapp.environment import env, integer

from .base import DEBUG

HTTPS = env.bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe the health endpoint over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", HTTPS)
if env.bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.names("CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sent on every response by django-csp's middleware: scripts and styles only from our own static files.
# The variable holds the header's text; empty sends none.
CONTENT_SECURITY_POLICY = env.policy(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
)

# Seconds in all for reading a request's body (newsapp/body_deadline.py): behind the buffering proxy a body
# arrives at once; reached directly, a client that drips its body is answered 400 after this.
BODY_READ_SECONDS = integer("BODY_READ_SECONDS", 30, minimum=1)

# The client address: REMOTE_ADDR, or with NUM_PROXIES=n the n-th address from the right of
# X-Forwarded-For (what our own n reverse proxies appended; anything further left is client-supplied),
# believed only when the connection comes from TRUSTED_PROXIES (private networks by default).
NUM_PROXIES = integer("NUM_PROXIES", 0)
TRUSTED_PROXIES = env.networks(
    "TRUSTED_PROXIES", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
)

# Anonymous submissions per client address and per browser session, e.g. "60/hour"; "off" disables.
# Signed-in people count per account (RATE_LIMIT_PER_USER). Answered with 429 and a message saying when to try again.
SUMMARIES_RATE_LIMIT_PER_IP = env.rate("RATE_LIMIT_PER_IP", "60/hour")
SUMMARIES_RATE_LIMIT_PER_SESSION = env.rate("RATE_LIMIT_PER_SESSION", "20/hour")
# Submissions by signed-in people (pages and API tokens alike), per account.
SUMMARIES_RATE_LIMIT_PER_USER = env.rate("RATE_LIMIT_PER_USER", "600/hour")
# Refused submissions (bad or hostile files, malformed bodies) per address, or per account for API tokens:
# they do not use up the limits above, but cannot be sent for free either.
SUMMARIES_RATE_LIMIT_REFUSED = env.rate("RATE_LIMIT_REFUSED", "30/hour")

# Sign-in: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# locked out for LOGIN_COOLOFF_MINUTES (429 and a translated page); a success resets the count.
AXES_FAILURE_LIMIT = integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=integer("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "summaries.common.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# /metrics (Prometheus) is open to these networks (the connection's own address: scrape the app directly,
# not through the public proxy) and to requests with "Authorization: Bearer <METRICS_TOKEN>"; others get 404.
SUMMARIES_METRICS_TOKEN = env.str("METRICS_TOKEN", "")
SUMMARIES_METRICS_NETWORKS = env.networks("METRICS_NETWORKS", "127.0.0.0/8,::1/128")
