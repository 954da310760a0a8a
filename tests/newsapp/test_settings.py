"""Production settings: `manage.py check --deploy` is clean, and the settings read from the environment."""

import atexit
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO_DIR

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
}


# A generated secret key goes here, not into the checkout's var/.
_KEY_FILE = Path(tempfile.mkdtemp(prefix="newsapp-key-")) / "secret_key"
atexit.register(shutil.rmtree, _KEY_FILE.parent, ignore_errors=True)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The test run's own switches (its settings module, DEBUG, HTTPS, DJANGO_ALLOW_ASYNC_UNSAFE for the
    # browser tests) are not production.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "HTTPS", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env={**environment, "SECRET_KEY_FILE": str(_KEY_FILE), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_a_production_setting_turned_off():
    """The check is not vacuous: switching HTTPS off in production is reported."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, HTTPS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


SHOW = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.SECRET_KEY)"


def show_settings(**env: str) -> list[str]:
    """DEBUG and SECRET_KEY as a process started with this environment (and no test switches) sees them."""
    result = manage("shell", "--no-imports", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_debug_is_off_unless_asked_for():
    assert show_settings()[0] == "False"
    assert show_settings(DEBUG="1")[0] == "True"


def test_without_a_secret_key_one_is_made_once_kept_private_and_used_by_every_process(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = show_settings(SECRET_KEY_FILE=str(key_file))[1]
    assert len(first) >= 50 and key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert show_settings(SECRET_KEY_FILE=str(key_file), DEBUG="1")[1] == first  # kept across restarts
    assert show_settings(SECRET_KEY_FILE=str(key_file), SECRET_KEY="given" * 10)[1] == "given" * 10


def test_a_key_file_that_cannot_be_written_stops_start_up_with_what_to_do(tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    result = manage("check", SECRET_KEY_FILE=str(tmp_path / "not-a-folder" / "secret_key"))
    assert result.returncode != 0
    assert "SECRET_KEY is not set and the key file" in result.stderr
    assert "set SECRET_KEY, or SECRET_KEY_FILE to a file this user may write" in result.stderr


@pytest.mark.parametrize("value", ["60/fortnight", "many/hour", "0/hour", "60"])
def test_a_malformed_rate_limit_fails_at_start_up(value):
    result = manage("check", RATE_LIMIT_PER_IP=value)
    assert result.returncode != 0
    assert "Environment variable \"RATE_LIMIT_PER_IP\" invalid: must look like '60/hour'" in result.stderr


def test_security_switches_follow_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_PROXY_SSL_HEADER, s.SUMMARIES_RATE_LIMIT_PER_IP, s.NUM_PROXIES)"
    )
    env = {
        **os.environ,
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "newsapp.settings",
        "SECURE_HSTS_SECONDS": "600",
        "SECURE_PROXY_SSL_HEADER": "1",
        "RATE_LIMIT_PER_IP": "10/minute",
        "NUM_PROXIES": "1",
    }
    env.pop("HTTPS", None)
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[0] == "True True True 600 ('HTTP_X_FORWARDED_PROTO', 'https') (10, 60) 1"


def test_a_misspelt_preload_setting_fails_at_start_up():
    result = manage("check", PRELOAD_MODELS="translatoin")
    assert result.returncode != 0
    assert 'Environment variable "PRELOAD_MODELS" invalid: must list translation, summarization, all' in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("INFERENCE_BACKEND", "ct2", "Must be one of: auto, ctranslate2, transformers."),
        ("DEVICE", "gpu", "must be auto, cpu, cuda or cuda:N"),
        ("SUMMARY_STRATEGY", "abstractive", "Must be one of: translate-summarize, extract-translate."),
        ("SUMMARY_LENGTH", "huge", "Must be one of: short, medium, long."),
        ("SUPPORT_THRESHOLD", "1.5", "must be between 0 and 1"),
        ("TRANSLATION_BATCH_SIZE", "0", "must be at least 1"),
        ("MAX_ARTICLE_CHARS", "ten", "Not a valid integer."),
        ("EMBEDDINGS", "maybe", "Not a valid boolean."),
        ("TRUSTED_PROXIES", "10.0.0.0/8,proxy", "'proxy' is not an address or network"),
        ("TRANSLATION_MODELS", "fr", "must look like 'fr=model-id,de=model-id'"),
        ("EMAIL_BACKEND", "sendmail", "Must be one of: console, filebased, smtp."),
    ],
)
def test_every_choice_and_number_is_checked_at_start_up_naming_the_variable(variable, value, message):
    """A typo used to fail every job as "internal error" while /healthz stayed green; now nothing starts."""
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert f'Environment variable "{variable}" invalid' in result.stderr and message in result.stderr


def test_a_submission_never_waits_long_for_a_broker_that_is_down(settings):
    """The form answers at once with Redis down (the run stays queued for the sweeper): sending retries a
    bounded number of times with waits that add up to a second or two, not kombu's default of minutes."""
    policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    waits = [
        min(policy["interval_start"] + attempt * policy["interval_step"], policy["interval_max"])
        for attempt in range(policy["max_retries"])
    ]
    assert policy["max_retries"] <= 3 and sum(waits) <= 2


def test_var_dir_moves_everything_the_app_makes_at_run_time(tmp_path):
    """One variable moves the generated key, the beat schedule, the CTranslate2 copies and mail files (and
    `make run`'s Redis data, tests/integration/test_runstack.py), so two copies of the app never share them."""
    var = tmp_path / "state"
    show = (
        "from django.conf import settings; "
        "print(settings.CELERY_BEAT_SCHEDULE_FILENAME, settings.SUMMARIES_CT2_DIR, settings.EMAIL_FILE_PATH)"
    )
    # Without the test run's own settings module and the paths it moves (tests/conftest.py), as on a server.
    moved = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "BEAT_SCHEDULE_FILE", "CT2_MODELS_DIR"}
    moved |= {"EMAIL_FILE_PATH", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in moved}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=REPO_DIR,
        env={**environment, "VAR_DIR": str(var)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(var / "celerybeat-schedule"), str(var / "ct2"), str(var / "mail")]
    assert (var / "secret_key").is_file()
