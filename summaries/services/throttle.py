"""Rate limits for anonymous submissions, per client address and per browser session.

A limit is (count, seconds): at most `count` articles in any window of that many seconds. Hits are
rows in the database, so every web process and every machine sees one count; the address and the
session key are stored only as HMACs under SECRET_KEY. Signed-in people are not limited on the web
pages; API clients with a token are limited per account (RATE_LIMIT_PER_USER).
"""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ..models import SubmissionHit

Scope = SubmissionHit.Scope


@dataclass(frozen=True)
class Client:
    """Who is submitting, as far as rate limits care: the address and the session key (if any)."""

    ip: str
    session_key: str | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Refusal:
    """A limit reached: which one, its size, and how many seconds until a submission fits again."""

    scope: str
    limit: int
    period: int
    retry_after: int

    @property
    def message(self) -> str:
        """What the person is told: whose limit, how large, and when to try again."""
        period = {1: gettext("second"), 60: gettext("minute"), 3600: gettext("hour"), 86400: gettext("day")}[self.period]
        if self.scope == Scope.IP:
            reached = gettext("Too many articles were submitted from your network: at most %(limit)d per %(period)s.")
        elif self.scope == Scope.USER:
            reached = gettext("Too many articles were submitted with this account: at most %(limit)d per %(period)s.")
        else:
            reached = gettext("Too many articles were submitted from this browser: at most %(limit)d per %(period)s.")
        if self.retry_after < 60:
            wait = ngettext("Try again in %(n)d second.", "Try again in %(n)d seconds.", self.retry_after)
            amount = self.retry_after
        else:
            amount = math.ceil(self.retry_after / 60)
            wait = ngettext("Try again in %(n)d minute.", "Try again in %(n)d minutes.", amount)
        parts = [reached % {"limit": self.limit, "period": period}, wait % {"n": amount}]
        if self.scope != Scope.USER:
            parts.append(gettext("Editors who sign in are not limited."))
        return " ".join(parts)


def submission_refusal(*, client: Client) -> Refusal | None:
    """The first limit this client has reached, or None when it may submit."""
    for scope, key, rate in _limits(client):
        count, period = rate
        since = timezone.now() - timedelta(seconds=period)
        hits = SubmissionHit.objects.filter(scope=scope, key=key, created_at__gt=since)
        totals = hits.aggregate(articles=Sum("articles"), oldest=Min("created_at"))
        if (totals["articles"] or 0) >= count:
            free_at = totals["oldest"] + timedelta(seconds=period)
            retry_after = max(1, math.ceil((free_at - timezone.now()).total_seconds()))
            return Refusal(scope=scope, limit=count, period=period, retry_after=retry_after)
    return None


def submission_record(*, client: Client, articles: int) -> None:
    """Count accepted articles against every limit that applies, and forget hits no window needs."""
    if articles < 1:
        return
    limits = list(_limits(client))
    SubmissionHit.objects.bulk_create(
        SubmissionHit(scope=scope, key=key, articles=articles) for scope, key, _rate in limits
    )
    if limits:
        longest = max(rate[1] for _scope, _key, rate in limits)
        SubmissionHit.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=longest)).delete()


def _limits(client: Client) -> list[tuple[str, str, tuple[int, int]]]:
    """A signed-in client (the API's token users) is counted per account; anyone else per address and session."""
    if client.user_id is not None:
        rate = settings.SUMMARIES_RATE_LIMIT_PER_USER
        return [(Scope.USER, _digest(Scope.USER, str(client.user_id)), rate)] if rate else []
    limits = []
    if settings.SUMMARIES_RATE_LIMIT_PER_IP:
        limits.append((Scope.IP, _digest(Scope.IP, client.ip), settings.SUMMARIES_RATE_LIMIT_PER_IP))
    if settings.SUMMARIES_RATE_LIMIT_PER_SESSION and client.session_key:
        limits.append((Scope.SESSION, _digest(Scope.SESSION, client.session_key), settings.SUMMARIES_RATE_LIMIT_PER_SESSION))
    return limits


def _digest(scope: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
