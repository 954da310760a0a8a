"""Domain errors with a stable code and text a newsroom user can act on.

Intake errors carry a code and parameters; their message is rendered when read, in the language
of the request that shows it (English or Arabic UI). Engine errors are rendered when raised, in the
worker, and stored with the failed job. Nothing here carries a traceback to the user.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SummariesError(Exception):
    """Base class: `code` is stable for programs, `message` is for people."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self._message = message
        if code:
            self.code = code

    @property
    def message(self) -> str:
        return str(self._message)


INTAKE_MESSAGES = {
    "no_input": _("Paste an article or choose at least one file."),
    "empty": _("There is no text in it: it is empty or holds only spaces and invisible marks."),
    "too_short": _(
        "The text is too short to summarize: %(length)d characters; at least %(min)d are needed."
    ),
    "too_long": _("The text is too long: %(length)d characters; the limit is %(max)d."),
    "file_too_large": _("The file is too large: more than %(size)s were sent; the limit is %(max)s."),
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
    "unsupported_language": _(
        "The text appears to be in %(language)s, which cannot be translated here. Supported languages: %(supported)s."
    ),
    "unknown_language": _("The language of the text could not be recognised."),
}


class IntakeError(SummariesError):
    """The submitted text or file cannot be accepted; `code` picks the message, `params` fill it in."""

    code = "invalid_input"

    def __init__(self, code: str, **params: object) -> None:
        if code not in INTAKE_MESSAGES:
            raise ValueError(f"unknown intake error code {code!r}")
        self.params = params
        super().__init__(code, code=code)

    @property
    def message(self) -> str:
        """The message in the active language, with byte counts shown as sizes (10 MB)."""
        template = str(INTAKE_MESSAGES[self.code])
        params = {
            key: filesizeformat(value) if self.code in _BYTE_CODES and key in {"size", "max"} else value
            for key, value in self.params.items()
        }
        return template % params if params else template


_BYTE_CODES = {"file_too_large", "docx_too_large"}


class EngineError(SummariesError):
    """A model could not do its work; the job fails with this message."""

    code = "engine_error"


class ModelMissing(EngineError):
    """A configured model cannot be loaded. Permanent: retrying will not help until settings change."""

    code = "model_missing"

    def __init__(self, *, model_id: str, setting: str, reason: str) -> None:
        self.model_id = model_id
        self.setting = setting
        self.reason = reason
        super().__init__(
            gettext(
                'The model "%(model)s" could not be loaded (%(reason)s). Set %(setting)s to a directory written '
                "by save_pretrained, or run `python manage.py download_models` on a machine with internet "
                "access and try again."
            )
            % {"model": model_id, "reason": reason, "setting": setting}
        )


class JobTimeout(EngineError):
    """The job ran past its time limit."""

    code = "timeout"
