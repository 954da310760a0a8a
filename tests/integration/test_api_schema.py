"""The OpenAPI schema matches what the live API does: schemathesis drives every operation against a
real server (Django's live server, a real Redis behind submissions) and checks each response's status,
content type, headers and body against the schema. Bounded: a few examples per operation."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from summaries.access.tokens import create_token
from tests.factories import finish, make_article, make_user

EXAMPLES_PER_OPERATION = 8
# Every other check runs. This one expects every schema-valid request to succeed, but whether an
# article is acceptable (long enough, in a language we translate) or a decision possible (the run's
# review state) is business logic no schema can state: those answers are documented 400/409 errors.
NOT_APPLICABLE = [positive_data_acceptance]


def test_every_operation_conforms_to_the_schema(live_server, broker, transactional_db):
    editor = make_user("schema-editor", editor=True)
    key = create_token(username=editor.username).key
    finish(make_article().latest_summary)  # something to list and review
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
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def conforms(case):
            case.call_and_validate(excluded_checks=NOT_APPLICABLE)

        conforms()
