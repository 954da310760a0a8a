"""A run waiting for its models, as its submitter sees it (plain words, the key sentences right-to-left),
and the models' state as staff see it (the home page banner with settings and commands, the admin index)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from summaries.articles.submission import article_submit
from summaries.modelops.models import ModelState
from summaries.modelops.provisioning import model_state_set
from summaries.runs.models import Summary
from summaries.runs.processing import summary_process
from tests.factories import latest_run, make_user, own
from tests.hub_standin import SUMMARIZATION_REPO, TRANSLATION_REPO

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(client, settings, arabic_article) -> Summary:
    """An Arabic article whose translation model is not on this machine, submitted by this browser."""
    settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
    article = article_submit(text=arabic_article, enqueue=False).article
    own(client, article)
    summary_process(summary_id=latest_run(article).pk)
    return Summary.objects.get(pk=latest_run(article).pk)


def page(client, summary: Summary) -> str:
    return client.get(reverse("summaries:article_detail", kwargs={"article_id": summary.article_id})).content.decode()


def status(client, summary: Summary) -> dict:
    return client.get(reverse("summaries:article_status", kwargs={"article_id": summary.article_id})).json()


class TestSubmitterSees:
    def test_the_key_sentences_right_to_left_and_why_in_plain_words(self, client, waiting):
        html = page(client, waiting)
        listing = re.search(r'<ol class="key-sentences-list" lang="ar" dir="rtl">(.*?)</ol>', html, re.S)
        assert listing is not None
        assert [escape(sentence) in listing.group(1) for sentence in waiting.key_sentence_texts] == [True] * 5
        assert "The translation model is not installed yet; the key sentences in Arabic are below." in html
        assert "Waiting for the models" in html
        for staff_only in ("TRANSLATION_MODEL", "download_models", "HF_HOME", "AUTO_DOWNLOAD"):
            assert staff_only not in html

    def test_the_status_says_the_same_and_keeps_the_page_polling(self, client, waiting):
        assert status(client, waiting) == {
            "status": "waiting",
            "stage": "",
            "stage_label": "Waiting for the models",
            "progress": 0,
            "finished": False,
            "error": None,
            "notice": "The translation model is not installed yet; the key sentences in Arabic are below. "
            "The translation and summary follow by themselves once it is installed.",
            "indeterminate": False,
            "queue": None,
        }

    def test_while_the_model_downloads_its_percentage_is_shown(self, client, waiting):
        model_state_set(TRANSLATION_REPO, ModelState.State.DOWNLOADING, bytes_done=450, bytes_total=1000)
        shown = status(client, waiting)
        assert shown["stage_label"] == "Preparing the models: downloading, 45%"
        assert shown["progress"] == 45
        assert shown["notice"].startswith(
            "The models are being prepared; meanwhile the key sentences in Arabic are below."
        )
        html = page(client, waiting)
        assert 'value="45"' in html and "Preparing the models: downloading, 45%" in html

    def test_in_the_arabic_interface(self, client, waiting):
        client.cookies["django_language"] = "ar"
        html = page(client, waiting)
        assert '<html lang="ar" dir="rtl">' in html
        assert "لم يُثبَّت نموذج الترجمة بعد" in html
        assert "بانتظار النماذج" in status(client, waiting)["stage_label"]

    def test_the_api_shows_what_the_page_shows(self, client, waiting):
        run = client.get(f"/api/v1/articles/{waiting.article_id}/").json()["run"]
        assert run["status"] == "waiting"
        assert run["waiting"]["key_sentences"] == waiting.key_sentence_texts
        assert run["waiting"]["notice"].startswith("The translation model is not installed yet")
        assert run["progress"]["label"] == "Waiting for the models"


class TestStaffSee:
    def test_the_home_page_banner_names_the_settings_and_the_commands(self, client, settings):
        settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
        client.force_login(make_user("boss", staff=True))
        html = client.get("/").content.decode()
        assert "For staff: the models are not all ready" in html
        assert "<code>TRANSLATION_MODEL</code>" in html and TRANSLATION_REPO in html
        assert "python manage.py download_models" in html and "AUTO_DOWNLOAD_MODELS=1" in html

    @pytest.mark.parametrize("who", ["anonymous", "editor"])
    def test_nobody_else_sees_the_banner(self, client, settings, who):
        settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
        if who == "editor":
            client.force_login(make_user("ed", editor=True))
        html = client.get("/").content.decode()
        assert "model-banner" not in html and "TRANSLATION_MODEL" not in html

    def test_no_banner_once_every_model_is_ready(self, client):
        client.force_login(make_user("boss", staff=True))
        assert "model-banner" not in client.get("/").content.decode()

    def test_the_admin_index_shows_each_model_with_its_state(self, admin_client, settings):
        settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
        settings.SUMMARIES_SUMMARIZATION_MODEL = SUMMARIZATION_REPO
        model_state_set(TRANSLATION_REPO, ModelState.State.DOWNLOADING, bytes_done=1, bytes_total=4)
        model_state_set(
            SUMMARIZATION_REPO, ModelState.State.READY, backend="ctranslate2", device="cpu", resident_mb=1812
        )
        html = admin_client.get(reverse("admin:index")).content.decode()
        items = re.findall(r'<li class="model-(\w+)">(.*?)</li>', html, re.S)
        assert [(state, re.sub(r"<[^>]+>|\s+", " ", text).split()) for state, text in items] == [
            ("downloading", ["Downloading", "25%", "·", "TRANSLATION_MODEL", TRANSLATION_REPO]),
            (
                "ready",
                [
                    "Ready",
                    "·",
                    "SUMMARIZATION_MODEL",
                    SUMMARIZATION_REPO,
                    "·",
                    "runs",
                    "on",
                    "ctranslate2",
                    "·",
                    "cpu",
                    "·",
                    "worker",
                    "memory",
                    "1,812",  # grouped as the language writes numbers
                    "MB",
                ],
            ),
        ]
        assert "python manage.py download_models" in html
