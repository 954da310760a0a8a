"""Why a feed's poll failed, in words an editor can act on, in the language of whoever reads it.

A failed poll stores its code and the message as rendered then (Feed.last_error_code, Feed.last_error); the
page renders the code again in the reader's language. Fetch failures reuse the link messages, since a feed
is fetched as a link is.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from summaries.articles.links import LINK_MESSAGES, LinkRefused
from summaries.common.exceptions import IntakeError

FEED_MESSAGES = {
    "feed_not_feed": _(
        "The address does not give a feed: what it sends is not RSS or Atom (perhaps a web page). "
        "Check the address; sites often link their feed from the page's footer or a small RSS icon."
    ),
    "feed_too_complex": _(
        "The feed's document is too large or too complex to read within this site's limits (memory and time); "
        "it may be damaged or hostile."
    ),
    "feed_error": _(
        "The poll stopped on something this feed sent that could not be handled (%(kind)s). The other feeds "
        "are polled as usual; the details are in the worker's log."
    ),
}


class FeedUnreadable(IntakeError):
    """The feed's document was fetched but cannot be read as a feed; `code` is one of FEED_MESSAGES."""

    code = "feed_not_feed"
    messages = FEED_MESSAGES

    @property
    def message(self) -> str:
        """Rendered from FEED_MESSAGES: like the link messages, these codes are not in ALL_MESSAGES."""
        return str(self.messages[self.code] % self.params) if self.params else str(self.messages[self.code])


def feed_error_message(*, code: str, stored: str) -> str:
    """The last error's message in the active language; `stored` (as rendered when the poll failed) when the
    code is not one of ours. Limits in a message are today's settings, which are what the next poll meets."""
    if code in FEED_MESSAGES and code != "feed_error":  # feed_error names what was raised: only the stored text has it
        return FeedUnreadable(code).message
    if code in LINK_MESSAGES:
        limits = {
            "link_too_large": {"max": settings.SUMMARIES_LINK_MAX_BYTES},
            "link_redirects": {"max": settings.SUMMARIES_LINK_MAX_REDIRECTS},
        }
        return LinkRefused(code, **limits.get(code, {})).message
    return stored
