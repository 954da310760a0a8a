"""Domain errors with a stable code and text a newsroom user can act on.

Engines and intake raise these; views and the failure path turn them into messages. Nothing
here carries a traceback to the user.
"""

from django.utils.translation import gettext as _


class SummariesError(Exception):
    """Base class: `code` is stable for programs, `message` is for people."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class IntakeError(SummariesError):
    """The submitted text cannot be accepted (empty, too long, unknown language...)."""

    code = "invalid_input"


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
            _(
                'The model "%(model)s" could not be loaded (%(reason)s). Set %(setting)s to a directory written '
                "by save_pretrained, or run `python manage.py download_models` on a machine with internet "
                "access and try again."
            )
            % {"model": model_id, "reason": reason, "setting": setting}
        )


class JobTimeout(EngineError):
    """The job ran past its time limit."""

    code = "timeout"
