"""Durations for people: a lockout's cool-off as whole minutes, rounded up so nobody retries too early."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(duration: timedelta | None) -> int:
    """Whole minutes in a duration, rounded up (90 seconds is 2 minutes)."""
    if not duration:
        return 0
    return max(1, math.ceil(duration.total_seconds() / 60))
