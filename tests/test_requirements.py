"""The lock files match the lists they were made from, so `make` installs what the lists ask for."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def pins(path: Path) -> dict[str, str]:
    """`name==version` lines as {normalised name: version without a local part (+cpu)}."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip() if not line.startswith(" ") else "")
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2).split("+")[0]
    return found


@pytest.mark.parametrize(
    ("listed", "locked"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_every_direct_requirement_is_locked_at_its_version(listed, locked):
    wanted, lock = pins(ROOT / listed), pins(ROOT / locked)
    assert wanted, f"no pins read from {listed}"
    stale = {name: (version, lock.get(name)) for name, version in wanted.items() if lock.get(name) != version}
    assert stale == {}, f"run `make lock`: {locked} does not match {listed} (wanted, locked): {stale}"


def test_the_development_lock_installs_the_app_at_the_same_versions():
    app, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: (version, dev.get(name)) for name, version in app.items() if dev.get(name) != version} == {}


def test_every_locked_package_has_a_hash():
    for locked in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / locked).read_text()
        entries = re.split(r"\n(?=[A-Za-z0-9])", text)
        unhashed = [entry.split()[0] for entry in entries if PIN.match(entry) and "--hash=sha256:" not in entry]
        assert unhashed == [], f"{locked}: {unhashed}"
