"""Reading a submitted link: fetch the page safely (fetch.py, with addresses.py and robots.py), then take the
article out of it (extract.py), in the worker's "fetching" stage (articles/link_submission.py); feeds are fetched with
the same safety (feeds/polling.py).

LinkRefused and its messages live with the other domain errors (exceptions.py), so a failed run's page can
say why in the reader's language; they are re-exported here for the package's modules.
"""

from summaries.common.exceptions import LINK_MESSAGES, LinkRefused

__all__ = ["LINK_MESSAGES", "LinkRefused"]
