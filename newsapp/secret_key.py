"""The site's secret key when the environment gives none: made once, kept in a file only its owner can read.

Sessions, CSRF tokens and password-reset links are signed with it, so it must outlive restarts (a new key
would sign everyone out) and must never be a constant in the code, where anyone can read it. The web
server and the worker may start at the same moment: the key is written to a private temporary file and
linked into place, which fails if another process got there first, so every process reads one key.
"""

import contextlib
import os
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

_OWNER_ONLY = 0o600


def load_or_create(path: Path) -> str:
    """The key in `path`, created with a new random key (readable by its owner only) if it does not exist."""
    try:
        if not path.exists():
            _create(path)
        return _read(path)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and the key file {path} could not be written or read ({exc.strerror or exc}): "
            "set SECRET_KEY, or SECRET_KEY_FILE to a file this user may write."
        ) from exc


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _OWNER_ONLY)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(get_random_secret_key() + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first: everyone uses that one
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _read(path: Path) -> str:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, _OWNER_ONLY)  # copied or restored with looser rights: nobody else may read it
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ImproperlyConfigured(f"The key file {path} holds no usable key: delete it to have a new one made.")
    return key
