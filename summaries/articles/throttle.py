"""Rate limits for anonymous submissions, per client address and per browser session.

A limit is (count, seconds): at most `count` articles in any window of that many seconds. Hits are
rows in the database, so every web process and every machine sees one count; the address and the
session key are stored only as HMACs under SECRET_KEY. Signed-in people, on the pages and through the
API, are limited per account (RATE_LIMIT_PER_USER). A batch larger than what is left is cut: what fits
is taken, the rest refused with the time to wait (`submission_reserve_up_to`).

Refused submissions (bad files, malformed bodies) cost the sender too: they do not use up the article
limits, but they count against a budget of their own (RATE_LIMIT_REFUSED, per address, or per account for
tokens), so hostile files cannot be sent for free.
"""

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from summaries.articles.models import SubmissionHit

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
        period = {1: gettext("second"), 60: gettext("minute"), 3600: gettext("hour"), 86400: gettext("day")}[
            self.period
        ]
        if self.scope == Scope.REFUSED:
            reached = gettext("Too many submissions from your network were refused: at most %(limit)d per %(period)s.")
        elif self.scope == Scope.IP:
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
        if self.scope in {Scope.IP, Scope.SESSION}:
            parts.append(gettext("Editors who sign in have a much higher limit."))
        return " ".join(parts)


class Throttled(Exception):
    """A submission refused by a rate limit before anything in it was read."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.scope)
        self.refusal = refusal


@dataclass
class Reservation:
    """Articles counted against the limits before they are processed; settled with how many were accepted."""

    hit_ids: list[int]
    articles: int
    refusal_key: str = ""  # where refused ones are counted; empty when this client's refusals are not
    refusal_rate: tuple[int, int] | None = None
    counted: int = 0  # refusals already counted as they happened (refuse_one)

    def refuse_one(self) -> None:
        """Count one refused item against the refusal budget now, not when the request ends: the next file
        of the same request already sees it."""
        if self.refusal_key:
            SubmissionHit.objects.create(scope=Scope.REFUSED, key=self.refusal_key, articles=1)
            self.counted += 1

    def refusals_spent(self) -> Refusal | None:
        """The refusal budget's refusal once this sender has used it up (nothing more of theirs is read)."""
        if not self.refusal_key or self.refusal_rate is None:
            return None
        return _over(
            Scope.REFUSED, self.refusal_key, self.refusal_rate, timezone.now(), allowed=self.refusal_rate[0] - 1
        )

    def settle(self, accepted: int) -> None:
        """Keep the count for what was accepted; what was refused leaves the article limits and is counted
        against the refusal budget instead (what refuse_one counted already, once)."""
        refused = self.articles - accepted - self.counted
        if refused > 0 and self.refusal_key:
            SubmissionHit.objects.create(scope=Scope.REFUSED, key=self.refusal_key, articles=refused)
        if not self.hit_ids or accepted == self.articles:
            return
        hits = SubmissionHit.objects.filter(pk__in=self.hit_ids)
        if accepted <= 0:
            hits.delete()
        else:
            hits.update(articles=accepted)


def submission_reserve(*, client: Client, articles: int) -> Reservation | Refusal:
    """Count `articles` against every limit that applies, or refuse them all.

    The hits are written first and the windows summed afterwards, own hits included: two requests
    racing for the last places both see each other and at worst both are refused, never both let in.
    """
    limits, refusals = _limits(client), _refusal_limit(client)
    if (not limits and refusals is None) or articles < 1:
        return Reservation(hit_ids=[], articles=articles)
    now = timezone.now()
    if refusals is not None:
        _scope, key, rate = refusals
        refusal = _over(Scope.REFUSED, key, rate, now, allowed=rate[0] - 1)
        if refusal is not None:
            return refusal
    hits = SubmissionHit.objects.bulk_create(
        SubmissionHit(scope=scope, key=key, articles=articles) for scope, key, _rate in limits
    )
    reservation = Reservation(
        hit_ids=[hit.pk for hit in hits],
        articles=articles,
        refusal_key=refusals[1] if refusals else "",
        refusal_rate=refusals[2] if refusals else None,
    )
    for scope, key, rate in limits:
        refusal = _over(scope, key, rate, now, allowed=rate[0])
        if refusal is not None:
            SubmissionHit.objects.filter(pk__in=reservation.hit_ids).delete()  # over the limit: nothing sent
            return refusal
    _forget_expired(now)
    return reservation


def submission_allowance(*, client: Client, now: datetime | None = None) -> int | None:
    """How many articles this client may still send now under every limit; None when nothing limits it."""
    now = now or timezone.now()
    left = [count - _used(scope, key, period, now) for scope, key, (count, period) in _limits(client)]
    return max(0, min(left)) if left else None


def submission_reserve_up_to(*, client: Client, articles: int) -> tuple[Reservation, Refusal | None]:
    """Reserve as many of `articles` as fit now (possibly none) and say why the rest do not: the
    Reservation counts what was taken, the Refusal (or None) is for the rest."""
    allowance = submission_allowance(client=client)
    wanted = articles if allowance is None else min(articles, allowance)
    if wanted == articles:
        reserved = submission_reserve(client=client, articles=articles)
        if isinstance(reserved, Reservation):
            return reserved, None
        return Reservation(hit_ids=[], articles=0), reserved
    # Over what is left: take what fits and ask the limits when the next one would (they answer with the
    # limit reached and its wait, counting what was just taken).
    taken = submission_reserve(client=client, articles=wanted) if wanted > 0 else Reservation(hit_ids=[], articles=0)
    if isinstance(taken, Refusal):  # another request took the last places meanwhile
        return Reservation(hit_ids=[], articles=0), taken
    refusal = _first_refusal(client, timezone.now())
    return taken, refusal


def _used(scope: str, key: str, period: int, now: datetime) -> int:
    window = SubmissionHit.objects.filter(scope=scope, key=key, created_at__gt=now - timedelta(seconds=period))
    return int(window.aggregate(total=Sum("articles"))["total"] or 0)


def _first_refusal(client: Client, now: datetime) -> Refusal | None:
    """The limit that stops one more article now, with its wait."""
    for scope, key, rate in _limits(client):
        refusal = _over(scope, key, rate, now, allowed=rate[0] - 1)
        if refusal is not None:
            return refusal
    return None


def submission_refused(*, client: Client) -> None:
    """A request refused before its articles could even be counted (a body that does not parse) spends the
    refusal budget like a refused file."""
    limit = _refusal_limit(client)
    if limit is not None:
        SubmissionHit.objects.create(scope=Scope.REFUSED, key=limit[1], articles=1)


def _over(scope: str, key: str, rate: tuple[int, int], now: datetime, *, allowed: int) -> Refusal | None:
    """A Refusal when this key's hits in the window sum to more than `allowed`."""
    count, period = rate
    window = SubmissionHit.objects.filter(scope=scope, key=key, created_at__gt=now - timedelta(seconds=period))
    if (window.aggregate(total=Sum("articles"))["total"] or 0) <= allowed:
        return None
    oldest = window.aggregate(oldest=Min("created_at"))["oldest"] or now
    retry_after = max(1, math.ceil((oldest + timedelta(seconds=period) - now).total_seconds()))
    return Refusal(scope=scope, limit=count, period=period, retry_after=retry_after)


def _forget_expired(now: datetime) -> None:
    """Delete hits older than the longest configured window: no limit will ever count them again."""
    periods = [
        rate[1]
        for rate in (
            settings.SUMMARIES_RATE_LIMIT_PER_IP,
            settings.SUMMARIES_RATE_LIMIT_PER_SESSION,
            settings.SUMMARIES_RATE_LIMIT_PER_USER,
            settings.SUMMARIES_RATE_LIMIT_REFUSED,
        )
        if rate
    ]
    if periods:
        SubmissionHit.objects.filter(created_at__lt=now - timedelta(seconds=max(periods))).delete()


def _limits(client: Client) -> list[tuple[str, str, tuple[int, int]]]:
    """A signed-in client (the API's token users) is counted per account; anyone else per address and session."""
    if client.user_id is not None:
        rate = settings.SUMMARIES_RATE_LIMIT_PER_USER
        return [(Scope.USER, _digest(Scope.USER, str(client.user_id)), rate)] if rate else []
    limits: list[tuple[str, str, tuple[int, int]]] = []
    if settings.SUMMARIES_RATE_LIMIT_PER_IP:
        limits.append((Scope.IP, _digest(Scope.IP, client.ip), settings.SUMMARIES_RATE_LIMIT_PER_IP))
    if settings.SUMMARIES_RATE_LIMIT_PER_SESSION and client.session_key:
        limits.append(
            (Scope.SESSION, _digest(Scope.SESSION, client.session_key), settings.SUMMARIES_RATE_LIMIT_PER_SESSION)
        )
    return limits


def _refusal_limit(client: Client) -> tuple[str, str, tuple[int, int]] | None:
    """Refusals are counted per account for token clients, else per address."""
    rate = settings.SUMMARIES_RATE_LIMIT_REFUSED
    if rate is None:
        return None
    who = f"user:{client.user_id}" if client.user_id is not None else f"ip:{client.ip}"
    return Scope.REFUSED, _digest(Scope.REFUSED, who), rate


def _digest(scope: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
