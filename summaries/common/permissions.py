"""Who may do what: one place for the questions the views, services and templates ask."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

# Who a request comes from, typed as django-stubs types `request.user`: an account of the user model
# (Django's own; AUTH_USER_MODEL is not swapped) or the anonymous visitor.
User = Account | AnonymousUser
REVIEW_PERMISSION = "summaries.review_summary"


def is_editor(user: User | None) -> bool:
    """Whether this person may review (the Editors group grants it; superusers have it)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def sees_every_article(user: User | None) -> bool:
    """Editors review everything and staff with the view permission manage everything."""
    return is_editor(user) or bool(
        user is not None and user.is_authenticated and user.has_perm("summaries.view_article")
    )


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors are sent to sign in; signed-in people without the review permission get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
