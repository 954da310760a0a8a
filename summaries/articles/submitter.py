"""Who is submitting and what their request carried, read the same way from the web form's request and the
API's (a DRF Request passes attribute reads through to Django's), for the submission service."""

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from rest_framework.request import Request

from summaries.articles import throttle
from summaries.articles.submission import Intake
from summaries.common.client_ip import client_ip


def submitter_client(request: HttpRequest | Request) -> throttle.Client:
    """The address (behind trusted proxies), the browser session and the account. An anonymous visitor gets
    a session now: it is what remembers their articles, and the per-session limit counts from the first."""
    user = request.user
    if not user.is_authenticated and request.session.session_key is None:
        request.session.save()
    return throttle.Client(
        ip=client_ip(request) or "unknown",  # DRF's Request reads META through
        session_key=request.session.session_key,
        user_id=user.pk if user.is_authenticated else None,
    )


def submitter_intake(request: HttpRequest | Request, *, text: str, files: list[UploadedFile]) -> Intake:
    """The paste and the files as sent, with what the upload handler refused for size or skipped beyond the
    file limit (summaries/articles/uploads.py records those on the request)."""
    return Intake(
        text=text,
        files=list(files),
        oversized=list(getattr(request, "oversized_uploads", [])),
        excess=getattr(request, "excess_uploads", 0),
    )
