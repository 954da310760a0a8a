"""Session-wide fixtures: tiny real models built once, the Arabic fixture article, and test settings.

Models are built locally (the hub is unreachable) and loaded through the same settings and code path
as production models, with HF_HUB_OFFLINE=1.
"""

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import huggingface_hub.constants
import pytest
from django.utils import translation

# The hub is unreachable here: nothing in a test reaches for it unless the test starts the stand-in hub
# (tests/hub_standin.py) and says so. Processes the tests start (workers, the stack) inherit these: their
# model folders are the session's own, they fetch nothing and run on transformers unless a test says otherwise.
os.environ["HF_HUB_OFFLINE"] = "1"
huggingface_hub.constants.HF_HUB_OFFLINE = True  # the settings imported huggingface_hub before this file ran
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="newsapp-tests-"))
atexit.register(shutil.rmtree, _SESSION_DIR, ignore_errors=True)
os.environ["HF_HOME"] = str(_SESSION_DIR / "hf")
os.environ["CT2_MODELS_DIR"] = str(_SESSION_DIR / "ct2")
os.environ["AUTO_DOWNLOAD_MODELS"] = "0"
os.environ.setdefault("INFERENCE_BACKEND", "transformers")

from django.test import override_settings  # noqa: E402

from summaries import engines  # noqa: E402
from summaries.engines import conversion  # noqa: E402
from summaries.monitoring import health  # noqa: E402
from tests.hub_standin import SUMMARIZATION_REPO, TRANSLATION_REPO, Repo, StandInHub, standard_repos  # noqa: E402
from tests.model_factory import build_bart, build_marian  # noqa: E402

REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("SHARED_DIR", REPO_DIR.parent / "shared"))
FIXTURE_ARTICLE = SHARED_DIR / "fixtures" / "ar_news_putin_sisi.txt"


@dataclass(frozen=True)
class TinyModels:
    translation: Path
    summarization: Path


@pytest.fixture(scope="session")
def arabic_article() -> str:
    """A real Arabic news article (read in place from ../shared)."""
    if not FIXTURE_ARTICLE.exists():
        pytest.fail(
            f"fixture article not found at {FIXTURE_ARTICLE}: put shared/ beside the checkout or set SHARED_DIR"
        )
    return FIXTURE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory, arabic_article: str) -> TinyModels:
    """A random MarianMT (sentencepiece trained on the fixture) and a random BART, saved to disk once."""
    root = tmp_path_factory.mktemp("models")
    lines = [line for line in arabic_article.splitlines() if line.strip()]
    return TinyModels(
        translation=build_marian(root / "marian-ar-en", lines, init_std=1.0),
        summarization=build_bart(root / "bart-summarizer"),
    )


@pytest.fixture(scope="session")
def ct2_dir(tmp_path_factory: pytest.TempPathFactory, tiny_models: TinyModels) -> Path:
    """The tiny models converted to CTranslate2 by the same code `manage.py convert_models` runs."""
    directory = tmp_path_factory.mktemp("ct2")
    with override_settings(SUMMARIES_CT2_DIR=directory):
        for model in (tiny_models.translation, tiny_models.summarization):
            conversion.convert(str(model))
    return directory


@pytest.fixture(params=["transformers", "ctranslate2"])
def backend(request, settings, ct2_dir: Path) -> str:
    """Run a test once per inference backend."""
    settings.SUMMARIES_INFERENCE_BACKEND = request.param
    settings.SUMMARIES_CT2_DIR = ct2_dir
    return request.param


@pytest.fixture(autouse=True)
def model_settings(settings, tiny_models: TinyModels, tmp_path: Path):
    """Point every test at the tiny models with short outputs, uploads at a temporary folder, and start
    each test with an empty model cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SUMMARIES_HF_CACHE = tmp_path / "hf"
    settings.SUMMARIES_CT2_DIR = tmp_path / "ct2"
    settings.SUMMARIES_AUTO_DOWNLOAD_MODELS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test users, not real secrets
    settings.SUMMARIES_INFERENCE_BACKEND = "transformers"
    settings.SUMMARIES_DEVICE = "cpu"
    settings.SUMMARIES_TRANSLATION_MODEL = str(tiny_models.translation)
    settings.SUMMARIES_SUMMARIZATION_MODEL = str(tiny_models.summarization)
    settings.SUMMARIES_TRANSLATION_MAX_NEW_TOKENS = 8
    settings.SUMMARIES_TRANSLATION_NUM_BEAMS = 1
    settings.SUMMARIES_SUMMARY_MAX_NEW_TOKENS = 12
    settings.SUMMARIES_SUMMARY_MIN_NEW_TOKENS = 4
    settings.SUMMARIES_SUMMARY_NUM_BEAMS = 2
    engines.clear_cache()
    health.clear_reports()
    translation.activate("en")  # a request in an earlier test may have left Arabic active in this thread
    yield settings
    engines.clear_cache()
    health.clear_reports()


@pytest.fixture(scope="session")
def hub_repos(tiny_models: TinyModels) -> dict[str, Repo]:
    """The default models' repositories (real names and layouts), built from the tiny models."""
    return standard_repos(tiny_models.translation, tiny_models.summarization)


@pytest.fixture
def stand_in(hub_repos: dict[str, Repo]):
    """A started stand-in hub serving the default models, stopped after the test."""
    hub = StandInHub(hub_repos).start()
    yield hub
    hub.stop()


@pytest.fixture
def online(settings, stand_in: StandInHub, monkeypatch):
    """This process may reach the hub, and the hub is the stand-in; the settings name the real model ids."""
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    settings.SUMMARIES_HUB_ENDPOINT = stand_in.url
    settings.SUMMARIES_TRANSLATION_MODEL = TRANSLATION_REPO
    settings.SUMMARIES_SUMMARIZATION_MODEL = SUMMARIZATION_REPO
    return stand_in


# Fixtures that give a test the test database; a test using none of them (nor the django_db mark) never
# touches it, so running it again on another database server proves nothing new.
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def missing_system_tool(message: str) -> NoReturn:
    """A system program a test needs (Chromium, nginx) is not installed: skipped on a developer's machine,
    failed under CI=true, where .ci/run installs it and its absence is a broken setup."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


def uses_database(item: pytest.Item) -> bool:
    """Whether the test reaches the test database (directly, or through processes it starts with it)."""
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def in_browser(item: pytest.Item) -> bool:
    """Whether the test drives Chromium: it checks pages as drawn (layout, scripts, direction), which the
    database server does not change; what those pages store and read is tested without a browser too."""
    return "browser" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With TESTS_DATABASE_ONLY=1 (CI's PostgreSQL pass) run only the tests that use the database, no
    browser and are not marked `database_incidental` (they store rows only as every run does, and test a
    protocol or a deadline): the others ran in the SQLite pass and cannot behave differently on another
    server."""
    if os.environ.get("TESTS_DATABASE_ONLY") != "1":
        return
    wanted = [
        uses_database(item) and not in_browser(item) and item.get_closest_marker("database_incidental") is None
        for item in items
    ]
    kept = [item for item, keep in zip(items, wanted, strict=True) if keep]
    deselected = [item for item, keep in zip(items, wanted, strict=True) if not keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _no_article_vectors_in_memory():
    """Each test starts without the similar-articles matrix of an earlier test (summaries/related/matrix.py):
    a rolled-back test's ids come back on SQLite, and the matrix reads only ids it has not seen."""
    from summaries.related import matrix

    matrix.clear_cache()
