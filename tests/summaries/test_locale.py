"""The Arabic catalogue is complete: every UI string has a translation and none is marked fuzzy."""

import re

from ..conftest import REPO_DIR

CATALOGUE = REPO_DIR / "summaries" / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated():
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    untranslated = [entry for entry in entries if re.search(r'^msgstr ""\s*$', entry, re.M) and "msgstr \"\"\n\"" not in entry]
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    assert untranslated == [] and fuzzy == []
    assert len(entries) > 100
