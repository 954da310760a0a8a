"""Domain errors with a stable code and text a newsroom user can act on.

Every error is a code plus parameters; its message is rendered when read, in the language of the
request that shows it (English or Arabic UI). A failed job stores the code and parameters, so its
page can say why in either language. Nothing here carries a traceback to the user.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from summaries.common.formatting import number_text, size_text


class SummariesError(Exception):
    """Base class: a stable `code` for programs and `params`; `message` renders it in the active language."""

    code = "error"
    messages: dict = {}

    def __init__(self, code: str | None = None, **params: object) -> None:
        self.code = code or self.code
        if self.code not in self.messages:
            raise ValueError(f"unknown error code {self.code!r}")
        self.params = params
        super().__init__(self.code)

    @property
    def message(self) -> str:
        """The message in the active language (call it in the view for the user's language)."""
        return render_message(self.code, self.params)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple:
        """Celery pickles a task's exception before its failure hook sees it; the default (class, args)
        cannot call subclasses' keyword-only constructors, so Celery fell back to a base class and the
        hook lost which error it was."""
        return (_rebuild, (type(self), self.code, self.params, self.__dict__))


def _rebuild(cls: type[SummariesError], code: str, params: dict, state: dict) -> SummariesError:
    error = cls.__new__(cls)
    SummariesError.__init__(error, code, **params)
    error.__dict__.update(state)
    return error


# Failures whose message is written for the operator (settings, commands); the person who submitted the
# article is told this instead, and staff see both (Summary.error_text_for).
OPERATOR_CODES = frozenset({"model_missing", "model_unavailable"})
PUBLIC_INFRASTRUCTURE_MESSAGE = _(
    "This article could not be processed because the service is not fully set up: a model it needs could "
    "not be loaded. The administrators can see why. Try again later."
)


def public_message(code: str, params: dict) -> str:
    """The words for the public: plain for an infrastructure failure, else the message itself ("" if the
    code is unknown)."""
    if code in OPERATOR_CODES:
        return str(PUBLIC_INFRASTRUCTURE_MESSAGE)
    return render_message(code, params) if code in ALL_MESSAGES else ""


def render_message(code: str, params: dict) -> str:
    """Text for an error code and its parameters; byte counts are shown as sizes (10 MiB), other counts with
    the language's thousands separator. A message with plural forms (ngettext_lazy keyed on a parameter)
    picks its form from that parameter."""
    template = ALL_MESSAGES[code]
    shown = {key: _shown(code, key, value) for key, value in params.items()}
    return str(template % shown) if shown else str(template)


def _shown(code: str, key: str, value: Any) -> object:
    if code in _BYTE_CODES and key in {"size", "max"}:
        return size_text(int(value))
    return _Grouped(value) if type(value) is int else value


class _Grouped(int):
    """A count that picks a message's plural form as a number and is written with the language's thousands
    separator ("100,000", "100٬000") where the message says %(name)s."""

    def __str__(self) -> str:
        return number_text(int(self))


INTAKE_MESSAGES = {
    "no_input": _("Paste an article or choose at least one file."),
    # A file of a batch beyond what the rate limits leave: `reason` is the limit's own message.
    "not_sent_limit": _("Not sent: %(reason)s"),
    # A file after the request's files together used up the time or memory for reading them.
    "not_read_budget": ngettext_lazy(
        "Not read: the files before it used up the time and memory one request may spend reading files "
        "(%(seconds)d second). Send it again on its own.",
        "Not read: the files before it used up the time and memory one request may spend reading files "
        "(%(seconds)d seconds). Send it again on its own.",
        "seconds",
    ),
    "empty": _("There is no text in it: it is empty or holds only spaces and invisible marks."),
    "too_short": ngettext_lazy(
        "The text is too short to summarize: %(length)s character; at least %(min)s are needed.",
        "The text is too short to summarize: %(length)s characters; at least %(min)s are needed.",
        "length",
    ),
    "too_long": ngettext_lazy(
        "The text is too long: %(length)s character; the limit is %(max)s.",
        "The text is too long: %(length)s characters; the limit is %(max)s.",
        "length",
    ),
    "file_too_large": _("The file is too large: more than %(size)s were sent; the limit is %(max)s."),
    "too_many_files": ngettext_lazy(
        "%(count)d file was sent; at most %(max)d can be sent at once: choose fewer.",
        "%(count)d files were sent; at most %(max)d can be sent at once: choose fewer.",
        "count",
    ),
    "binary": _("The file does not contain text: it looks like binary data (a program, an image or an archive)."),
    "unknown_encoding": _(
        "The text encoding of the file could not be recognised. Save it as UTF-8 and upload it again."
    ),
    "unsupported_type": _("Files of type “%(extension)s” are not accepted. Accepted types: %(accepted)s."),
    "not_docx": _("The file is not a Word document (.docx), although its name says so."),
    "docx_too_large": _(
        "The Word document would unpack to %(size)s, more than the %(max)s allowed; it may be damaged or hostile."
    ),
    "not_pdf": _("The file is not a PDF, although its name says so."),
    "pdf_encrypted": _("The PDF is protected by a password. Remove the protection and upload it again."),
    "pdf_no_text": _(
        "The PDF has no text layer: it looks like a scanned image. Run it through OCR first, or paste the text."
    ),
    "pdf_damaged": _("The PDF could not be read; it may be damaged."),
    "html_no_article": _("No article text was found in the web page."),
    "too_complex": _(
        "The file is too complex to read within this site's limits; it may be damaged or hostile. Save it as "
        "plain text, or paste the text."
    ),
    "unreadable": _("The file could not be read: it is damaged, or not what its name says."),
    "unsupported_language": _(
        "The text appears to be in %(language)s, which cannot be translated here. Supported languages: %(supported)s."
    ),
    "unknown_language": _("The language of the text could not be recognised."),
    "unknown_language_code": _("“%(given)s” is not a language code. Supported languages: %(supported)s."),
    "unsupported_chosen_language": _(
        "Articles in %(language)s cannot be translated here. Supported languages: %(supported)s."
    ),
    # A feed entry whose page holds the same text as an article already processed (or being processed).
    "duplicate": _(
        "This is the same article as one already summarized (article %(article)s), so it was not processed again."
    ),
}


class IntakeError(SummariesError):
    """The submitted text or file cannot be accepted; nothing is stored."""

    code = "invalid_input"
    messages = INTAKE_MESSAGES


# Why a submitted link's page could not be read (summaries/articles/links raises them as LinkRefused).
LINK_MESSAGES = {
    "link_scheme": _("This is not a web address that can be read: only links starting with http:// or https:// are."),
    "link_too_long": _("The link is too long: %(length)s characters; the limit is %(max)s."),
    "link_address": _("The link leads to a private or internal network address, which this site does not read."),
    "link_not_found": _("The page was not found: the site says it does not exist, or no longer does."),
    "link_refused": _(
        "The site did not give the page: it refused, failed, or asks automated readers to stay away (robots.txt)."
    ),
    "link_not_article": _("The link does not lead to an article: it is another kind of file, or a page without one."),
    "link_too_large": _("The page is too large: more than %(max)s."),
    "link_too_complex": _(
        "The page is too complex to read within this site's limits (memory and time); it may be damaged or hostile."
    ),
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


_BYTE_CODES = {"file_too_large", "docx_too_large", "link_too_large"}

ENGINE_MESSAGES = {
    "model_missing": _(
        'The model "%(model)s" could not be loaded (%(reason)s). Set %(setting)s to a directory written by '
        "save_pretrained, or run `python manage.py download_models` on a machine with internet access and try again."
    ),
    "model_unavailable": ngettext_lazy(
        'The model "%(model)s" could not be loaded (%(reason)s), although its files are there; it was tried '
        "%(tries)d time. An administrator should check the model directory and the worker's memory.",
        'The model "%(model)s" could not be loaded (%(reason)s), although its files are there; it was tried '
        "%(tries)d times. An administrator should check the model directory and the worker's memory.",
        "tries",
    ),
    "timeout": _("Processing took longer than the time limit and was stopped. Try a shorter article."),
    "no_summary_text": _(
        "The summarizer produced no text for this article, so there is no summary. An editor can run it "
        "again with another kind of summary."
    ),
    "no_translation_text": _(
        "The translator produced no text for this article, so there is no translation or summary."
    ),
    "unreadable_summary": _(
        "The model wrote a summary nobody can read (characters that could not be decoded, control characters, "
        "words repeated until the length limit, or too little English), so it is not shown. The model's files "
        "may be damaged or not match each other; the administrators can see the details."
    ),
    "internal": _("An internal error stopped processing. The administrators can find details in the log."),
    "unsent": ngettext_lazy(
        "The job could not be handed to the workers after %(count)d try: the queue (Redis) could not be "
        "reached. Submit the article again, or ask an administrator.",
        "The job could not be handed to the workers after %(count)d tries: the queue (Redis) could not be "
        "reached. Submit the article again, or ask an administrator.",
        "count",
    ),
    "worker_lost": ngettext_lazy(
        "Processing stopped the worker %(count)d time (for example by running out of memory), so it was "
        "abandoned. Try a shorter article or ask an administrator.",
        "Processing stopped the worker %(count)d times (for example by running out of memory), so it was "
        "abandoned. Try a shorter article or ask an administrator.",
        "count",
    ),
}


class EngineError(SummariesError):
    """A job could not be done; the job fails and its page shows this message."""

    code = "internal"
    messages = ENGINE_MESSAGES


class ModelMissing(EngineError):
    """A configured model cannot be loaded. Permanent: retrying will not help until settings change."""

    def __init__(self, *, model_id: str, setting: str, reason: str) -> None:
        super().__init__("model_missing", model=model_id, setting=setting, reason=reason)


class ModelUnavailable(EngineError):
    """A model whose files are present failed to load (still being copied, an I/O error, memory): worth
    retrying with backoff, a bounded number of times."""

    def __init__(self, **params: object) -> None:
        super().__init__("model_unavailable", **params)


REVIEW_MESSAGES = {
    "forbidden": _("Only editors can review, edit or re-run summaries."),
    "missing": _("This summary no longer exists; it may have been deleted."),
    "not_finished": _("This run has not finished, so there is no summary to review yet."),
    "not_allowed": _("That is not possible while the summary is “%(state)s”."),
    "reason_required": _("Give a reason: the other editors will see it in the history."),
    "approved_locked": _("This summary is approved and published. Withdraw the approval before editing it."),
    "rejected_locked": _("This summary was rejected. Reopen it before editing it."),
    "empty_summary": _("The summary cannot be empty."),
    "no_change": _("Nothing to save: the headline and text are the same as revision %(number)d."),
    "conflict": _(
        "%(author)s saved revision %(number)d at %(time)s while you were editing, so your text was not saved. "
        "The changes are shown below; your text is still in the form. Save again to replace theirs."
    ),
    "unknown_revision": _("There is no revision %(number)d of this summary."),
    "rerun_busy": _("This article is being processed right now; wait for the run to finish before starting another."),
}


class ReviewError(SummariesError):
    """A review action was refused; nothing was changed."""

    code = "not_allowed"
    messages = REVIEW_MESSAGES


SEARCH_MESSAGES = {
    "empty_query": _("Type at least one word to search for: punctuation and operators alone find nothing."),
    "query_too_long": ngettext_lazy(
        "The search is too long; use at most %(limit)d character.",
        "The search is too long; use at most %(limit)d characters.",
        "limit",
    ),
    "too_many_terms": ngettext_lazy(
        "The search has too many words; use at most %(limit)d word or phrase.",
        "The search has too many words; use at most %(limit)d words or phrases.",
        "limit",
    ),
}


class SearchError(SummariesError):
    """A search could not be run as typed; the message says what to change."""

    code = "empty_query"
    messages = SEARCH_MESSAGES


ALL_MESSAGES = {**INTAKE_MESSAGES, **LINK_MESSAGES, **ENGINE_MESSAGES, **REVIEW_MESSAGES, **SEARCH_MESSAGES}
