"""A client generated from the OpenAPI schema by openapi-python-client, as an integrator would make one, submits
an article as JSON, polls it until a real worker has finished it and downloads the result: the schema is
enough to write a working client (it once sent every call as multipart, and had no shape for result.json)."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from summaries.access.tokens import create_token
from tests.factories import make_user
from tests.polling import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.database_incidental]  # a protocol: what the client sends

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def test_a_generated_client_submits_json_polls_and_downloads(
    live_server, start_worker, arabic_article, tmp_path, monkeypatch, capsys
):
    started = time.monotonic()
    start_worker()
    key = create_token(username=make_user("integrator").username).key
    schema = tmp_path / "schema.json"
    schema.write_bytes(requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30).content)
    config = tmp_path / "config.yaml"
    config.write_text("package_name_override: news_client\npost_hooks: []\n")  # no formatting: nobody reads it
    generated = subprocess.run(
        [
            GENERATOR,
            "generate",
            "--path",
            schema,
            "--config",
            config,
            "--meta",
            "none",
            "--output-path",
            tmp_path / "news_client",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    from news_client import AuthenticatedClient
    from news_client.api.v1 import articles_create, articles_result, articles_retrieve
    from news_client.models import ArticlesResultFmt, ResultExport, Submitted, TextSubmissionRequest

    sent = []
    client = AuthenticatedClient(
        base_url=live_server.url, token=key, prefix="Token", httpx_args={"event_hooks": {"request": [sent.append]}}
    )
    submitted = articles_create.sync(client=client, body=TextSubmissionRequest(text=arabic_article))
    assert isinstance(submitted, Submitted), submitted
    assert sent[-1].headers["Content-Type"] == "application/json"
    assert json.loads(sent[-1].content) == {"text": arabic_article, "force_new": False}

    def finished():
        article = articles_retrieve.sync(client=client, article_id=submitted.id)
        return article if article.run.status in {"done", "failed"} else None

    article = wait_for(finished, timeout=120, interval=0.3, message="the article never finished")
    assert article.run.status == "done", article.run.error
    download = articles_result.sync(client=client, article_id=submitted.id, fmt=ArticlesResultFmt.JSON)
    export = ResultExport.from_dict(json.loads(download))
    assert export.article_id == submitted.id and export.summary == article.run.summary
    assert export.original.strip() == arabic_article.strip()
    with capsys.disabled():
        seconds = time.monotonic() - started
        sys.stdout.write(f"\ngenerated client: generated, submitted, polled and downloaded in {seconds:.1f} s\n")
