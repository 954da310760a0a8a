"""Reading a submitted link: fetch the page safely (fetch.py, with addresses.py and robots.py), then take the
article out of it (extract.py). Not wired into the intake yet.

LinkRefused lives here, where every module of the package can raise it without importing another.
"""

from django.utils.translation import gettext_lazy as _

from ..exceptions import IntakeError
from ..formatting import size_text

__all__ = ["LINK_MESSAGES", "LinkRefused"]

LINK_MESSAGES = {
    "link_scheme": _("This is not a web address that can be read: only links starting with http:// or https:// are."),
    "link_address": _("The link leads to a private or internal network address, which this site does not read."),
    "link_not_found": _("The page was not found: the site says it does not exist, or no longer does."),
    "link_refused": _(
        "The site did not give the page: it refused, failed, or asks automated readers to stay away (robots.txt)."
    ),
    "link_not_article": _("The link does not lead to an article: it is another kind of file, or a page without one."),
    "link_too_large": _("The page is too large: more than %(max)s."),
    "link_timeout": _("The site took too long to answer. Try again later."),
    "link_unreachable": _(
        "The site could not be reached: its name is unknown, it refused the connection, or its HTTPS "
        "certificate could not be verified."
    ),
    "link_redirects": _("The link redirects too many times (more than %(max)d)."),
}


class LinkRefused(IntakeError):
    """The link's page cannot be read; `code` says why (one of LINK_MESSAGES). Nothing is stored."""

    code = "link_refused"
    messages = LINK_MESSAGES

    @property
    def message(self) -> str:
        """Rendered from LINK_MESSAGES: the package is not wired in yet, so ALL_MESSAGES lacks these codes."""
        shown = {
            key: size_text(value)
            if isinstance(value, int) and key == "max" and self.code == "link_too_large"
            else value
            for key, value in self.params.items()
        }
        return str(self.messages[self.code] % shown)
