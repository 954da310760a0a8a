"""The editors' glossary: replacement, Arabic matching, missing renderings, CSV/TSV, suggestions."""

import pytest

from summaries.engines.facts import GLOSSARY_MISSING, NAME_ADDED, check_facts
from summaries.engines.glossary import Glossary, Term, normalize_arabic
from summaries.glossary import services as glossary
from summaries.glossary.models import GlossaryEntry, GlossarySuggestion
from summaries.review import decisions as review
from tests.factories import finish, latest_run, make_article, make_user

SISI = Term("السيسي", "Sisi", ("السيسى",), ("El-Sisi", "Al-Sisi"))


class TestApply:
    def test_wrong_variants_become_the_preferred_rendering(self):
        text = "El-Sisi met AL-SISI; al-sisi's aides and Elsisi stayed."
        assert Glossary([SISI]).apply(text) == "Sisi met SISI; Sisi's aides and Elsisi stayed."

    def test_only_whole_words_are_replaced(self):
        assert (
            Glossary([Term("مصر", "Egypt", (), ("Misr",))]).apply("Misrata and Misr-based") == "Misrata and Misr-based"
        )

    def test_a_lowercase_rendering_is_capitalised_at_a_sentence_start(self):
        assert (
            Glossary([Term("الشريعة", "sharia", (), ("shari'a",))]).apply("Shari'a law; shari'a")
            == "Sharia law; sharia"
        )

    def test_an_empty_glossary_changes_nothing(self):
        assert Glossary().apply("El-Sisi") == "El-Sisi"


class TestArabic:
    def test_spelling_variation_is_folded(self):
        assert normalize_arabic("إِسْرَائِيـــل") == normalize_arabic("اسرائيل")
        assert normalize_arabic("القاهرة") == "القاهره" and normalize_arabic("مصطفى") == "مصطفي"

    @pytest.mark.parametrize("source", ["قال السّيسي", "قال السيسى اليوم", "والسيسي", "وللسيسي"])
    def test_terms_are_found_in_any_spelling_and_after_clitics(self, source):
        assert Glossary([SISI]).present(source) == [SISI]

    def test_a_longer_word_is_not_a_match(self):
        assert Glossary([Term("مصر", "Egypt")]).present("مصراتة") == []


class TestMissing:
    def test_a_term_whose_rendering_is_missing_is_flagged(self):
        issues = check_facts("قال الرئيس السيسي", "The president Elsisi said", glossary=Glossary([SISI]))
        assert [(i.kind, i.value, i.term) for i in issues.issues if i.kind == GLOSSARY_MISSING] == [
            (GLOSSARY_MISSING, "Sisi", "السيسي")
        ]

    def test_a_present_rendering_is_not_flagged(self):
        issues = check_facts("قال الرئيس السيسي", "President Sisi said", glossary=Glossary([SISI])).issues
        assert all(issue.kind != GLOSSARY_MISSING for issue in issues)

    def test_the_name_check_uses_the_glossary_as_its_dictionary(self):
        """Greece/اليونان share no consonants: without the glossary the name is flagged as added."""
        greece = Glossary([Term("اليونان", "Greece")])
        assert [i.kind for i in check_facts("زار الوزير اليونان", "The minister visited Greece").issues] == [NAME_ADDED]
        assert check_facts("زار الوزير اليونان", "The minister visited Greece", glossary=greece).issues == []


@pytest.mark.django_db
class TestCsv:
    def test_round_trip(self):
        GlossaryEntry.objects.create(
            arabic="السيسي", arabic_variants="السيسى", english="Sisi", wrong_variants="El-Sisi\nAl-Sisi", note="a, b"
        )
        for fmt in ("csv", "tsv"):
            data = glossary.glossary_export(fmt=fmt)
            GlossaryEntry.objects.all().delete()
            result = glossary.glossary_import(data=data.encode(), fmt=fmt, editor=None)
            assert (result.created, result.updated, result.errors) == (1, 0, [])
            entry = GlossaryEntry.objects.get()
            assert (entry.arabic_forms, entry.english, entry.wrong_list, entry.note) == (
                ["السيسي", "السيسى"],
                "Sisi",
                ["El-Sisi", "Al-Sisi"],
                "a, b",
            )

    def test_import_updates_by_arabic_term(self):
        GlossaryEntry.objects.create(arabic="الصين", english="PRC")
        result = glossary.glossary_import(
            data="arabic,arabic_variants,english,wrong_variants,note\nالصين,,China,,\n".encode(), fmt="csv", editor=None
        )
        assert (result.created, result.updated) == (0, 1)
        assert GlossaryEntry.objects.get().english == "China"

    def test_bad_rows_are_reported_by_line_and_nothing_is_written(self):
        data = (
            "arabic,arabic_variants,english,wrong_variants,note\n"
            "السيسي,,Sisi,El-Sisi,\n"
            ",,Nobody,,\n"
            "Cairo,,Cairo,,\n"
            "القاهرة,,,,\n"
            "السيسي,,Sisi,,\n"
        )
        result = glossary.glossary_import(data=data.encode(), fmt="csv", editor=None)
        assert [error.split(":")[0] for error in result.errors] == ["Line 3", "Line 4", "Line 5", "Line 6"]
        assert GlossaryEntry.objects.count() == 0

    def test_a_cell_past_the_csv_readers_limit_is_one_lines_error(self):
        """A 200,000-character cell stopped the CSV reader (a 500); now it is reported on its line, the other
        lines are read, and nothing is written."""
        data = (
            "arabic,arabic_variants,english,wrong_variants,note\n"
            f"الصين,,China,,{'x' * 200_000}\n"
            "روسيا,,Russia,,\n"
            ",,Nobody,,\n"
        )
        result = glossary.glossary_import(data=data.encode(), fmt="csv", editor=None)
        assert [error.split(":")[0] for error in result.errors] == ["Line 2", "Line 4"]
        assert "too long" in result.errors[0]
        assert GlossaryEntry.objects.count() == 0

    @pytest.mark.parametrize(
        "formula",
        ['=HYPERLINK("http://evil.example";"click")', "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "@SUM(A1)", "-2+3"],
    )
    def test_a_formula_is_refused_on_import_and_written_as_text_on_export(self, formula):
        """OWASP's CSV-injection rule: a cell a spreadsheet would run is flagged by line on import; one stored
        anyway (the admin) is exported with a leading apostrophe and read back as the same text."""
        data = f"arabic,arabic_variants,english,wrong_variants,note\nالصين,,China,,{_csv_cell(formula)}\n"
        result = glossary.glossary_import(data=data.encode(), fmt="csv", editor=None)
        assert len(result.errors) == 1 and "spreadsheet formula" in result.errors[0]
        assert GlossaryEntry.objects.count() == 0

        GlossaryEntry.objects.create(arabic="الصين", english="China", note=formula)
        exported = glossary.glossary_export(fmt="csv")
        assert _csv_cell("'" + formula) in exported.splitlines()[1]
        GlossaryEntry.objects.all().delete()
        result = glossary.glossary_import(data=exported.encode(), fmt="csv", editor=None)
        assert result.errors == [] and GlossaryEntry.objects.get().note == formula

    def test_wrong_header_and_encoding(self):
        assert glossary.glossary_import(data=b"a,b\n", fmt="csv", editor=None).errors[0].startswith("Line 1")
        assert glossary.glossary_import(data=b"\xff\xfe\x00", fmt="csv", editor=None).errors


@pytest.mark.django_db
class TestSuggestions:
    def test_a_replaced_name_is_suggested_and_accepting_extends_the_entry(self):
        editor = make_user("glossary-editor", editor=True)
        summary = finish(latest_run(make_article()))
        review.summary_edit(
            summary_id=summary.pk, editor=editor, title="", text="President El-Sisi spoke.", base_revision=1
        )
        review.summary_edit(
            summary_id=summary.pk, editor=editor, title="", text="President Sisi spoke.", base_revision=2
        )
        suggestion = GlossarySuggestion.objects.get()
        assert (suggestion.wrong, suggestion.english, suggestion.state) == ("El-Sisi", "Sisi", "open")
        entry = glossary.glossary_suggestion_accept(suggestion_id=suggestion.pk, arabic="السيسي", editor=editor)
        assert (entry.english, entry.wrong_list) == ("Sisi", ["El-Sisi"])
        suggestion.refresh_from_db()
        assert suggestion.state == "accepted"

    def test_ordinary_word_edits_are_not_names(self):
        assert glossary.replaced_names("The talks ended.", "The talks stopped.") == []
        assert glossary.replaced_names("Met El-Sisi today.", "Met Sisi today.") == [("El-Sisi", "Sisi")]


def _csv_cell(value: str) -> str:
    """The cell as the csv module writes it (quoted when it holds a comma or a quote)."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([value])
    return out.getvalue()


class TestLoad:
    """The compiled glossary is reused until the entries change."""

    def test_compiled_once_per_version(self, db):
        from summaries.glossary.services import glossary_load

        GlossaryEntry.objects.create(arabic="السيسي", english="Sisi", wrong_variants="El-Sisi")
        first = glossary_load()
        assert glossary_load() is first
        entry = GlossaryEntry.objects.create(arabic="القاهرة", english="Cairo")
        second = glossary_load()
        assert second is not first and len(second.terms) == 2
        entry.english = "Al-Qahira"
        entry.save()
        assert [term.english for term in glossary_load().terms].count("Al-Qahira") == 1
        entry.delete()
        assert len(glossary_load().terms) == 1

    def test_every_change_gives_another_stamp(self, db):
        stamps = [glossary.glossary_stamp()]
        entry = GlossaryEntry.objects.create(arabic="القاهرة", english="Cairo")
        stamps.append(glossary.glossary_stamp())
        entry.english = "Al-Qahira"
        entry.save()
        stamps.append(glossary.glossary_stamp())
        entry.delete()
        stamps.append(glossary.glossary_stamp())
        assert len(set(stamps[1:])) == 3 and stamps[1] != stamps[0]
        assert glossary.glossary_load_stamped()[1] == stamps[-1]
