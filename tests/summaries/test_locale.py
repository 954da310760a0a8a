"""The Arabic catalogue is complete and safe to format: every string translated (all six plural forms), none
fuzzy, and every translation takes exactly the placeholders of its English original (read with polib)."""

import re

import polib
import pytest

from tests.conftest import REPO_DIR

CATALOGUE = REPO_DIR / "summaries" / "locale" / "ar" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_every_string_is_translated_and_none_is_fuzzy(catalogue):
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue) > 100


def test_plural_messages_have_all_six_arabic_forms(catalogue):
    assert "nplurals=6" in catalogue.metadata["Plural-Forms"]
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals
    incomplete = [
        entry.msgid
        for entry in plurals
        if sorted(entry.msgstr_plural) != list(range(6)) or not all(entry.msgstr_plural.values())
    ]
    assert incomplete == []


def test_translations_take_the_placeholders_of_their_original(catalogue):
    """A dropped or misspelt %(name)s would raise KeyError, or lose a number, when the message is shown.
    A plural form may leave out the count when its words say it (one file, two files)."""
    wrong = []
    for entry in catalogue.translated_entries():
        if "python-format" not in entry.flags:
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if not found <= expected or (not entry.msgid_plural and found != expected):
                wrong.append((entry.msgid, text))
    assert wrong == []
