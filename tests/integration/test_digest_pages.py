"""The digest pages in a real browser, in both languages: nothing scrolls sideways at 390 px, every
block of user text keeps its direction, and screenshots at 1280 and 390 px land in test-artifacts/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from summaries.digest import services as digest
from tests.factories import make_user
from tests.integration.browser import check_accessibility, screenshot
from tests.integration.test_responsive import UNBROKEN, page_width, signed_in
from tests.summaries.digest_factories import make_approved

pytestmark = pytest.mark.integration
LONG_EN = (
    "The Russian and Egyptian presidents today signed an agreement renewing the comprehensive partnership and "
    "strategic cooperation between the two countries."
)


@pytest.fixture
def world(transactional_db, settings):
    """Today's digest with an Arabic outlet, an English one and a pasted text, published."""
    settings.SUMMARIES_EMBEDDINGS = False
    editor = make_user("digest-editor", editor=True)
    now = timezone.localtime().replace(hour=12, minute=0)  # well inside today in the site time zone
    make_approved(LONG_EN, outlet="الجزيرة نت", headline="عنوان عربي طويل " * 6, url=UNBROKEN, at=now)
    make_approved(
        LONG_EN + " " + UNBROKEN, outlet="Reuters", title="Partnership renewed", at=now + timedelta(seconds=1)
    )
    make_approved(LONG_EN, at=now + timedelta(seconds=2))
    digest.digest_publish(day=timezone.localdate(), introduction=LONG_EN, editor=editor)
    return {"editor": editor, "day": timezone.localdate().isoformat()}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_digest_pages_fit_a_phone(page_in, live_server, world, language):
    page = page_in(language)
    signed_in(page, live_server, world["editor"])
    urls = {
        "digest-review": reverse("summaries:digest_review") + f"?day={world['day']}",
        "digest-public": reverse("summaries:digest_detail", kwargs={"day": world["day"]}),
        "digest-list": reverse("summaries:digest_list"),
    }
    too_wide = []
    for name, url in urls.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + url)
        screenshot(page, f"{name}-{language}-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        if page_width(page) > 390:
            too_wide.append(name)
        check_accessibility(page)
        screenshot(page, f"{name}-{language}-390")
    assert too_wide == []
    page.goto(live_server.url + urls["digest-public"])
    outlet = page.locator(".digest-group h2 bdi", has_text="الجزيرة")  # an outlet's group names it once, in its heading
    assert outlet.get_attribute("dir") == "rtl" and outlet.get_attribute("lang") == "ar"
