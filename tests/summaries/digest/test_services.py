"""The daily digest: which summaries belong to a day, how they group, and publishing a snapshot."""

from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from summaries.digest import services as digest
from summaries.digest.models import Digest
from summaries.quality.evaluation.corpora import shared_dir
from summaries.review.models import Review
from tests.factories import make_user
from tests.summaries.digest_factories import DAY_START, make_approved, ntrex_halves

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 1)


@pytest.fixture
def no_embeddings(settings):
    """Grouping by outlet only: clustering has its own tests on real text."""
    settings.SUMMARIES_EMBEDDINGS = False


@pytest.fixture
def corpora():
    if not (shared_dir() / "corpora" / "ntrex128-ar-en").is_dir():
        pytest.skip("shared corpora not found: put shared/ beside the checkout or set SHARED_DIR")


def texts(groups) -> list[list[str]]:
    return [[item["text"] for item in group["items"]] for group in groups]


class TestDaySelection:
    def test_only_summaries_approved_that_day(self, no_embeddings):
        """Pending, rejected and other days' approvals stay out; approved ones come in approval order."""
        make_approved("Second.", at=DAY_START + timedelta(hours=2))
        make_approved("First.", at=DAY_START)
        make_approved("Pending.", state=Review.State.PENDING)
        make_approved("Rejected.", state=Review.State.REJECTED)
        make_approved("Yesterday.", at=DAY_START - timedelta(days=1))
        make_approved("Tomorrow.", at=DAY_START + timedelta(days=1))
        assert [summary.review.text for summary in digest.digest_summaries(day=DAY)] == ["First.", "Second."]

    def test_day_boundaries_follow_the_site_time_zone(self, settings, no_embeddings):
        """In Riyadh (UTC+3) the day starts at 21:00 UTC the evening before."""
        settings.TIME_ZONE = "Asia/Riyadh"
        make_approved("Just after midnight in Riyadh.", at=datetime(2026, 11, 30, 21, 0, tzinfo=UTC))
        make_approved("Just before midnight in Riyadh.", at=datetime(2026, 12, 1, 20, 59, 59, tzinfo=UTC))
        make_approved("The next day in Riyadh.", at=datetime(2026, 12, 1, 21, 0, tzinfo=UTC))
        make_approved("The day before in Riyadh.", at=datetime(2026, 11, 30, 20, 59, 59, tzinfo=UTC))
        assert [summary.review.text for summary in digest.digest_summaries(day=DAY)] == [
            "Just after midnight in Riyadh.",
            "Just before midnight in Riyadh.",
        ]

    def test_a_dst_day_has_23_hours(self, settings):
        """Bounds are each day's midnight in the zone, not 24 hours from the first (clocks go forward here)."""
        settings.TIME_ZONE = "Europe/London"
        start, end = digest.digest_day_bounds(date(2026, 3, 29))
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)


class TestGrouping:
    def test_grouped_by_outlet_alphabetically_with_unknown_last(self, no_embeddings):
        """Feed name first, then the page's site name, then the host; items without any come last."""
        make_approved("Pasted.", at=DAY_START)
        make_approved("From a feed.", feed="Zeta Feed", outlet="ignored site name", at=DAY_START + timedelta(1))
        make_approved("Host only.", url="https://www.alpha.example/news/1", at=DAY_START + timedelta(minutes=2))
        make_approved("الجزيرة one.", outlet="الجزيرة", at=DAY_START + timedelta(minutes=3))
        make_approved("Host again.", url="https://alpha.example/news/2", at=DAY_START + timedelta(minutes=4))
        groups = digest.digest_groups(day=DAY)
        assert [(group["kind"], group["outlet"]) for group in groups] == [
            ("outlet", "alpha.example"),
            ("outlet", "الجزيرة"),
            ("outlet", ""),
        ]
        assert texts(groups) == [["Host only.", "Host again."], ["الجزيرة one."], ["Pasted."]]

    def test_items_carry_language_and_direction_of_their_labels(self, no_embeddings):
        """An Arabic outlet or page headline is marked Arabic, right to left; English titles left to right."""
        make_approved("Text.", outlet="الجزيرة", headline="عنوان الصفحة")
        make_approved("Text two.", outlet="Reuters", title="English title", at=DAY_START + timedelta(minutes=1))
        first, second = [group["items"][0] for group in digest.digest_groups(day=DAY)]
        assert (second["outlet"], second["outlet_lang"], second["outlet_dir"]) == ("الجزيرة", "ar", "rtl")
        assert (second["headline"], second["headline_lang"], second["headline_dir"]) == ("عنوان الصفحة", "ar", "rtl")
        assert (first["outlet_lang"], first["outlet_dir"]) == ("", "ltr")
        assert (first["headline"], first["headline_lang"]) == ("English title", "en")

    def test_only_web_addresses_become_source_links(self, no_embeddings):
        """A stored address that is not http(s) is not offered as a link."""
        make_approved("Bad.", url="javascript:alert(1)")
        make_approved("Good.", url="https://example.org/a", at=DAY_START + timedelta(minutes=1))
        items = [item for group in digest.digest_groups(day=DAY) for item in group["items"]]
        assert {item["text"]: item["source_url"] for item in items} == {"Bad.": "", "Good.": "https://example.org/a"}

    def test_order_is_stable(self, no_embeddings):
        """Same approval time: the older row first; the same data always gives the same digest."""
        for number in range(4):
            make_approved(f"Item {number}.", outlet="Same")
        assert texts(digest.digest_groups(day=DAY)) == [[f"Item {number}." for number in range(4)]]
        assert digest.digest_groups(day=DAY) == digest.digest_groups(day=DAY)

    def test_one_story_from_several_outlets_is_one_group(self, corpora):
        """Real news (NTREX-128): RT's and Reuters' reports of the Macedonian referendum are grouped as one
        story ahead of the outlets; an unrelated story and two reports from one outlet stay with their outlet."""
        rt, _rest = ntrex_halves("rt.com.91337")
        _lead, reuters = ntrex_halves("reuters.218932")
        shark_one, shark_two = ntrex_halves("upi.176266")
        make_approved(shark_one, outlet="UPI", at=DAY_START)
        make_approved(rt, outlet="RT", at=DAY_START + timedelta(minutes=1))
        make_approved(shark_two, outlet="UPI", at=DAY_START + timedelta(minutes=2))
        make_approved(reuters, outlet="رويترز", at=DAY_START + timedelta(minutes=3))
        groups = digest.digest_groups(day=DAY)
        assert [(group["kind"], group["outlet"]) for group in groups] == [("story", ""), ("outlet", "UPI")]
        assert texts(groups) == [[rt, reuters], [shark_one, shark_two]]

    def test_without_embeddings_there_are_only_outlets(self, corpora, no_embeddings):
        """Embeddings switched off: the same reports are listed under their outlets."""
        rt, _rest = ntrex_halves("rt.com.91337")
        _lead, reuters = ntrex_halves("reuters.218932")
        make_approved(rt, outlet="RT")
        make_approved(reuters, outlet="Reuters", at=DAY_START + timedelta(minutes=1))
        assert [group["kind"] for group in digest.digest_groups(day=DAY)] == ["outlet", "outlet"]


class TestPublishing:
    def test_publish_snapshots_the_groups(self, no_embeddings):
        """The public view keeps the published text after a later edit, until published again."""
        editor = make_user("editor", editor=True)
        summary = make_approved("As approved.", outlet="Reuters")
        digest.digest_publish(day=DAY, introduction="  Hello.  ", editor=editor)
        Review.objects.filter(summary=summary).update(current_text="Edited later.", revision=2)
        public = digest.digest_published(day=DAY)
        assert public is not None and public.introduction == "Hello."
        assert texts(public.groups) == [["As approved."]]
        assert texts(digest.digest_current(day=DAY).groups) == [["Edited later."]]
        row = Digest.objects.get(day=DAY)
        assert row.published and row.published_by == editor and row.published_at is not None

    def test_unpublish_hides_the_day(self, no_embeddings):
        editor = make_user("editor", editor=True)
        make_approved("Text.")
        digest.digest_publish(day=DAY, introduction="", editor=editor)
        digest.digest_unpublish(day=DAY, editor=editor)
        assert digest.digest_published(day=DAY) is None
        assert not digest.digest_published_list().exists()
        with pytest.raises(digest.DigestError):
            digest.digest_unpublish(day=DAY, editor=editor)

    def test_an_empty_day_cannot_be_published(self):
        with pytest.raises(digest.DigestError):
            digest.digest_publish(day=DAY, introduction="", editor=make_user("editor", editor=True))
        assert not Digest.objects.filter(published=True).exists()

    def test_only_editors_publish(self, no_embeddings):
        make_approved("Text.")
        with pytest.raises(digest.DigestError):
            digest.digest_publish(day=DAY, introduction="", editor=make_user("plain"))

    def test_the_introduction_of_a_published_digest_changes_only_by_publishing(self, no_embeddings):
        editor = make_user("editor", editor=True)
        make_approved("Text.")
        digest.digest_introduction_save(day=DAY, introduction="Draft.", editor=editor)
        assert digest.digest_current(day=DAY).introduction == "Draft."
        digest.digest_publish(day=DAY, introduction="Final.", editor=editor)
        with pytest.raises(digest.DigestError):
            digest.digest_introduction_save(day=DAY, introduction="Sneaky.", editor=editor)
        public = digest.digest_published(day=DAY)
        assert public is not None and public.introduction == "Final."


class TestRememberedVectors:
    def test_each_text_is_embedded_once_in_a_process(self, monkeypatch):
        """The editors' page, its downloads and publishing group the same day again: texts seen before are
        not embedded again, and the vectors come back in the order asked."""
        monkeypatch.setattr(digest, "_VECTORS", OrderedDict())  # nothing remembered from other tests
        asked: list[list[str]] = []

        def embed(batch: list[str]) -> np.ndarray:
            asked.append(list(batch))
            return np.array([[float(len(text)), 1.0] for text in batch], dtype=np.float32)

        remembered = digest.remembering(embed)
        first = remembered(["a story", "another story"])
        second = remembered(["another story", "a story", "a third story", "a story"])
        assert asked == [["a story", "another story"], ["a third story"]]
        assert second[:, 0].tolist() == [13.0, 7.0, 13.0, 7.0]
        assert first[:, 0].tolist() == [7.0, 13.0]
