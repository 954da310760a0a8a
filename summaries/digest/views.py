"""The daily digest: the editors' page (choose a day, see its groups, download, introduce, publish) and the
public pages of published digests.

Editors see the groups as they are now; the public sees the snapshot taken when the day was published
(digest/services.py), and a day nobody published is a 404 for them.
"""

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from summaries.common.permissions import editor_required
from summaries.digest import services as digest
from summaries.digest.exports import FORMATS, digest_export
from summaries.digest.forms import DigestDayForm, DigestIntroductionForm
from summaries.digest.models import Digest
from summaries.review.exports import export_response

PAGE_SIZE = 30


@editor_required
@require_GET
def digest_review(request: HttpRequest) -> HttpResponse:
    """The chosen day (today by default) as it would be published now."""
    form = DigestDayForm(request.GET if "day" in request.GET else {"day": digest.digest_today()})
    day = form.cleaned_data["day"] if form.is_valid() else digest.digest_today()
    view = digest.digest_current(day=day)
    context = {
        "form": form,
        "view": view,
        "introduction_form": DigestIntroductionForm(initial={"introduction": view.introduction}),
        "formats": FORMATS,
    }
    return render(request, "summaries/digest_review.html", context, status=200 if form.is_valid() else 400)


@editor_required
@require_GET
def digest_download(request: HttpRequest, day: str, fmt: str) -> HttpResponse:
    """What the editor sees, as Markdown, an HTML e-mail page or a whole e-mail (.eml)."""
    if fmt not in FORMATS:
        raise Http404
    view = digest.digest_current(day=_day_or_404(day))
    return export_response(digest_export(view=view, fmt=fmt, base_url=request.build_absolute_uri("/")))


@editor_required
@require_POST
def digest_introduction(request: HttpRequest, day: str) -> HttpResponse:
    """Save a draft introduction (refused while published: publishing again changes it)."""
    return _with_introduction(request, day, digest.digest_introduction_save, _("Introduction saved."))


@editor_required
@require_POST
def digest_publish(request: HttpRequest, day: str) -> HttpResponse:
    """Publish the day as shown, with the introduction from the form."""
    return _with_introduction(request, day, digest.digest_publish, _("Digest published."))


@editor_required
@require_POST
def digest_unpublish(request: HttpRequest, day: str) -> HttpResponse:
    parsed = _day_or_404(day)
    try:
        digest.digest_unpublish(day=parsed, editor=request.user)
    except digest.DigestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Digest unpublished: the public page is gone."))
    return _back_to(parsed)


@require_GET
def digest_index(request: HttpRequest) -> HttpResponse:
    """Published digests, the newest day first."""
    page = Paginator(digest.digest_published_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "summaries/digest_list.html", {"page": page})


@require_GET
def digest_detail(request: HttpRequest, day: str) -> HttpResponse:
    """A published digest as it was published."""
    view = digest.digest_published(day=_day_or_404(day))
    if view is None:
        raise Http404
    return render(request, "summaries/digest_detail.html", {"view": view})


def _with_introduction(request: HttpRequest, day: str, service: Callable[..., Digest], done: str) -> HttpResponse:
    """Validate the introduction, call the service with it, and say what happened."""
    parsed = _day_or_404(day)
    form = DigestIntroductionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The introduction is too long."))
        return _back_to(parsed)
    try:
        service(day=parsed, introduction=form.cleaned_data["introduction"], editor=request.user)
    except digest.DigestError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back_to(parsed)


def _back_to(day: date) -> HttpResponse:
    return redirect(f"{reverse('summaries:digest_review')}?day={day.isoformat()}")


def _day_or_404(value: str) -> date:
    """Days in addresses are ISO dates (2026-12-01); anything else is no page."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
