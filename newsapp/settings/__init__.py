"""Django settings for the news summarization app, split by topic.

Every value that differs between deployments is read from the environment once, by the typed reader in
`newsapp/environment.py`, and checked at start-up (a bad value stops the process with a message naming
the variable); the defaults work on a developer machine (SQLite file, local Redis, hub model ids).

- `base`: Django itself (apps, middleware, database, templates, languages, static and uploaded files, mail)
- `security`: HTTPS switches, the Content-Security-Policy, proxies, rate limits, sign-in lockout, /metrics
- `api`: the REST API
- `queues`: Redis, Celery, time limits, the lease and the sweeper
- `pipeline`: the models, their fetching and conversion, generation, intake limits
- `links`: fetching submitted links: allowed addresses, time and size limits, robots.txt, the User-Agent
- `feeds`: polling the feeds editors follow (backoff, failing feeds) and the daily digest
- `observability`: logging
- `webhooks`: webhook deliveries: timeouts, retries and backoff, disabling, allowed private hosts
"""

from .api import *
from .base import *
from .feeds import *
from .links import *
from .observability import *
from .pipeline import *
from .queues import *
from .security import *
from .webhooks import *
