"""The OpenAPI schema matches what the live API does: schemathesis drives every operation against a
real server (Django's live server, a real Redis behind submissions) and checks each response's status,
content type, headers and body against the schema. Bounded: a few examples per operation."""

import sys
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from schemathesis.specs.openapi import formats

from summaries.access.tokens import create_token
from summaries.search.services import search_document_update
from tests.factories import finish, make_article, make_user
from tests.polling import wait_for

EXAMPLES_PER_OPERATION = 8
# Every other check runs. This one expects every schema-valid request to succeed, but whether an
# article is acceptable (long enough, in a language we translate) or a decision possible (the run's
# review state) is business logic no schema can state: those answers are documented 400/409 errors.
NOT_APPLICABLE = [positive_data_acceptance]
# The stateful run: scenarios of up to this many linked calls, generated the same way every time.
SCENARIOS = 12
STEPS_PER_SCENARIO = 6


@pytest.fixture(autouse=True)
def files_as_text():
    """Uploads drawn as text. Schemathesis 4.32 draws a `format: binary` value as bytes that its validator
    cannot read, and it validates every value drawn for a oneOf (the multipart body: text, file or url)
    against the branches: the draw itself raised ValueError. (It also sends a oneOf form's parts as plain
    fields, never as files: the fuzzer's uploads are refused, as a field named `file` is no file.)"""
    formats.register_string_format("binary", st.text(max_size=200))
    yield
    formats.unregister_string_format("binary")  # back to the built-in strategy


def settings_for_scenarios(**options) -> settings:
    return settings(
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        **options,
    )


def test_every_operation_conforms_to_the_schema(live_server, broker, transactional_db):
    editor = make_user("schema-editor", editor=True)
    key = create_token(username=editor.username).key
    search_document_update(article_id=finish(make_article().latest_summary).article_id)  # to list, review, find
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    schema.config.update(base_url=live_server.url, headers={"Authorization": f"Token {key}"})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{operation.method.upper()} {operation.path}" for operation in operations} == {
        "GET /api/v1/articles/",
        "POST /api/v1/articles/",
        "GET /api/v1/articles/{article_id}/",
        "GET /api/v1/articles/{article_id}/result.{fmt}",
        "GET /api/v1/summaries/{summary_id}/",
        "POST /api/v1/summaries/{summary_id}/decision/",
        "POST /api/v1/summaries/{summary_id}/revisions/",
        "GET /api/v1/search/",
        "GET /api/v1/articles/{article_id}/similar/",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def conforms(case):
            case.call_and_validate(excluded_checks=NOT_APPLICABLE)

        conforms()


RESULT = "GET /api/v1/articles/{article_id}/result.{fmt}"
CREATE = "POST /api/v1/articles/"


def test_a_stateful_run_creates_articles_polls_them_and_downloads_results(live_server, start_worker, settings, capsys):
    """Schemathesis follows the schema's links: the new article's id to its status and its result, then its
    run to the editors' operations. A real worker processes what it submits; before asking for a result
    the test waits (with a deadline) until the article is finished, as a client polling would, so
    downloads answer 200 and their bodies are checked against `ResultExport`. Most drawn texts are refused
    (no language can be told in random characters); the schema's example, drawn now and then, is not."""
    settings.SUMMARIES_RATE_LIMIT_REFUSED = None  # a fuzzer is refused often: it must still get through
    start_worker(LINK_TOTAL_SECONDS="2", LINK_CONNECT_SECONDS="1")
    editor = make_user("stateful-editor", editor=True)
    key = create_token(username=editor.username).key
    # Reading operations that start no workflow (search, similar articles) are left to the test above: drawn as
    # often as a submission, they would crowd out the submissions whose articles the rest of the run follows.
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/").exclude(
        path=["/api/v1/search/", "/api/v1/articles/{article_id}/similar/"]
    )
    schema.config.update(base_url=live_server.url, headers={"Authorization": f"Token {key}"})
    calls: Counter[tuple[str, int]] = Counter()
    checks: Counter[str] = Counter()

    @schema.hook
    def after_validate(context, case, response, results):
        checks.update(result.status.name for result in results)

    def finished(article_id: str) -> bool:
        response = requests.get(
            f"{live_server.url}/api/v1/articles/{article_id}/", headers={"Authorization": f"Token {key}"}, timeout=10
        )
        return response.status_code != 200 or response.json()["run"]["status"] in {"done", "failed"}

    class Workflow(schema.as_state_machine()):
        def before_call(self, case):
            article_id = (case.path_parameters or {}).get("article_id")
            if case.operation.label == RESULT and isinstance(article_id, str):
                wait_for(lambda: finished(article_id), timeout=90, interval=0.3, message=f"article {article_id}")

        def after_call(self, response, case):
            super().after_call(response, case)
            calls[(case.operation.label, response.status_code)] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response, excluded_checks=NOT_APPLICABLE, transport_kwargs=kwargs or None, recorder=self.recorder
            )

    Workflow.run(settings=settings_for_scenarios(max_examples=SCENARIOS, stateful_step_count=STEPS_PER_SCENARIO))
    created = calls[(CREATE, 201)]
    with capsys.disabled():  # the counts, for whoever runs it (pytest -s shows them)
        operations = len({label for label, _status in calls})
        sys.stdout.write(
            f"\nstateful run: {operations} operations, {sum(calls.values())} calls, checks {dict(checks)}\n"
        )
        sys.stdout.write(f"stateful run: {created} articles created; calls by operation and status: {dict(calls)}\n")
    assert created >= 1, dict(calls)  # a fuzzer that never creates an article tests none of the rest
    assert calls[(RESULT, 200)] >= 1, dict(calls)
    assert checks["SUCCESS"] and not checks["FAILURE"], dict(checks)
