"""Reading the environment: one typed reader (environs) with the parsers this project adds.

Every deploy-varying value is read through `env` once, in `newsapp/settings/` and in gunicorn.conf.py, and
checked there: a malformed or out-of-range value stops the process at start-up with a message naming the
variable, instead of failing jobs later. Importing this module needs neither Django nor its settings.
"""

import ipaddress

from environs import Env, EnvError
from marshmallow.validate import OneOf, Range

__all__ = ["Env", "EnvError", "OneOf", "Range", "env", "fraction", "integer"]

env = Env(expand_vars=False)

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


@env.parser_for("rate")
def _rate(value: str) -> tuple[int, int] | None:
    """`60/hour` as (count, seconds); `off` (or `0`, `none`, empty) means no limit."""
    value = value.strip().lower()
    if value in {"off", "0", "none", ""}:
        return None
    count, _sep, unit = value.partition("/")
    unit = unit.strip().rstrip("s")
    if not count.strip().isdigit() or int(count) < 1 or unit not in _PERIODS:
        raise EnvError("must look like '60/hour' (second, minute, hour, day) or 'off'")
    return int(count), _PERIODS[unit]


@env.parser_for("networks")
def _networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or networks (CIDR)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise EnvError(f"{item!r} is not an address or network") from exc
    return networks


@env.parser_for("mapping")
def _mapping(value: str) -> dict[str, str]:
    """`key=value,key=value` pairs, such as `fr=Helsinki-NLP/opus-mt-fr-en`."""
    mapping: dict[str, str] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, separator, target = item.partition("=")
        if not separator or not key.strip() or not target.strip():
            raise EnvError(f"must look like 'fr=model-id,de=model-id', got {item!r}")
        mapping[key.strip()] = target.strip()
    return mapping


@env.parser_for("names")
def _names(value: str, *, choices: list[str] | None = None) -> list[str]:
    """A comma-separated list, blanks ignored; with `choices`, every item must be one of them."""
    names = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [name for name in names if choices is not None and name not in choices]
    if unknown:
        raise EnvError(f"must list {', '.join(choices or [])}; {', '.join(unknown)} is not one of them")
    return names


@env.parser_for("policy")
def _policy(value: str) -> dict[str, dict[str, list[str]]] | None:
    """A Content-Security-Policy header value (`default-src 'self'; img-src 'self' data:`) as django-csp's
    setting; empty means no policy."""
    directives: dict[str, list[str]] = {}
    for part in (part.strip() for part in value.split(";")):
        if not part:
            continue
        name, *sources = part.split()
        if not name.replace("-", "").isalpha():
            raise EnvError(f"{name!r} is not a directive name")
        directives[name.lower()] = sources
    return {"DIRECTIVES": directives} if directives else None


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    """An integer of at least `minimum`."""
    return env.int(name, default, validate=Range(min=minimum, error=f"must be at least {minimum}"))


def optional_integer(name: str, *, minimum: int = 0) -> int | None:
    """An integer of at least `minimum`, or None when unset or empty (something else decides)."""
    if not env.str(name, "").strip():
        return None
    return integer(name, minimum, minimum=minimum)


def fraction(name: str, default: float) -> float:
    """A number from 0 to 1 (a score threshold)."""
    return env.float(name, default, validate=Range(min=0, max=1, error="must be between 0 and 1"))
