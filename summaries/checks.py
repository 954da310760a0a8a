"""Start-up checks (`manage.py check`, run by migrate, runserver and the CI): what would otherwise fail
later, one upload at a time, with a traceback.

An install that resolved dependencies differently (an older pip without `lxml_html_clean`, which jusText
needs since lxml 5.2) used to surface as a crash on the first `.html` upload; the lock files prevent it and
this check names it before anyone uploads.
"""

import importlib

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

# The intake formats and the libraries each needs at run time (imported lazily, in the sandbox).
INTAKE_LIBRARIES = {
    ".html": ("trafilatura", "justext", "lxml_html_clean", "lxml.html.clean"),
    ".pdf": ("pypdf",),
    ".docx": ("lxml.etree",),
}


@register()
def intake_libraries(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Every intake format's libraries import."""
    errors: list[CheckMessage] = []
    for extension, modules in INTAKE_LIBRARIES.items():
        for module in modules:
            try:
                importlib.import_module(module)
            except ImportError as exc:
                errors.append(
                    Error(
                        f"{extension} uploads cannot work: the library {module!r} does not import ({exc}).",
                        hint="Install from the lock file (make install, or pip install --require-hashes -r "
                        "requirements.lock) so every dependency arrives at the version the tests ran with.",
                        id="summaries.E001",
                    )
                )
                break
    return errors


@register()
def link_allow_list(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Every LINK_ALLOWED_HOSTS (and WEBHOOK_ALLOWED_HOSTS) entry names a host and, optionally, a port or `*`:
    a typo would otherwise fail every link (or delivery) to that host, one at a time."""
    from summaries.articles.links.addresses import allow_entry

    errors: list[CheckMessage] = []
    lists = {
        "LINK_ALLOWED_HOSTS": settings.SUMMARIES_LINK_ALLOWED_HOSTS,
        "WEBHOOK_ALLOWED_HOSTS": settings.SUMMARIES_WEBHOOK_ALLOWED_HOSTS,
    }
    for variable, entry in ((variable, entry) for variable, entries in lists.items() for entry in entries):
        try:
            allow_entry(entry)
        except ValueError as exc:
            errors.append(
                Error(
                    f"{variable}: {exc}.",
                    hint="Write `intranet.example` (ports 80 and 443), `intranet.example:8080` or "
                    "`intranet.example:*` (any port), separated by commas.",
                    id="summaries.E002",
                )
            )
    return errors
