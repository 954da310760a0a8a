"""The OpenAPI 3 schema is generated from the code, valid, and documented on a page served by the app."""

import json
import subprocess
import sys

import jsonschema
import pytest

from summaries.review.exports import summary_export
from tests.conftest import REPO_DIR
from tests.factories import finish, make_article

pytestmark = pytest.mark.django_db


def test_the_generated_schema_is_valid_openapi_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("openapi: 3.")


def test_the_schema_is_served_and_describes_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "News summaries API"
    assert set(schema["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
        "/api/v1/articles/{article_id}/result.{fmt}",
        "/api/v1/articles/{article_id}/similar/",
        "/api/v1/summaries/{summary_id}/",
        "/api/v1/summaries/{summary_id}/decision/",
        "/api/v1/summaries/{summary_id}/revisions/",
        "/api/v1/search/",
    }
    create = schema["paths"]["/api/v1/articles/"]["post"]
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"201", "400", "413", "429"} <= set(create["responses"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    download = schema["paths"]["/api/v1/articles/{article_id}/result.{fmt}"]["get"]
    assert set(download["responses"]["200"]["content"]) == {"text/markdown", "text/plain", "application/json"}
    assert {"401", "404"} <= set(download["responses"])
    (fmt,) = [parameter for parameter in download["parameters"] if parameter["name"] == "fmt"]
    assert set(fmt["schema"]["enum"]) == {"md", "txt", "json"}
    source = {"origin", "url", "final_url", "fetched_at", "headline", "author", "published_on", "outlet"}
    article = schema["components"]["schemas"]["Article"]["properties"]
    assert source <= set(article)
    assert (article["published_on"]["format"], article["fetched_at"]["format"]) == ("date", "date-time")
    review = schema["components"]["schemas"]["ReviewRun"]["properties"]
    assert review["source"]["$ref"] == "#/components/schemas/ArticleSource"
    assert source == set(schema["components"]["schemas"]["ArticleSource"]["properties"])
    conflict = schema["components"]["schemas"]["ErrorDetail"]["properties"]
    assert {"base_revision", "current_revision", "current_author", "current_saved_at"} <= set(conflict)


def test_the_documentation_page_uses_only_the_apps_own_static_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/static/summaries/css/api-docs.css" in page
    assert "<style" not in page and "<script>" not in page and "cdn" not in page.lower()
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def served_schema(client) -> dict:
    return json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)


def resolved(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def variants(schema: dict, node: dict) -> list[dict]:
    return [resolved(schema, variant) for variant in resolved(schema, node)["oneOf"]]


class TestRequestContract:
    """What a generated client or a fuzzer needs to send a request the API accepts."""

    def test_json_and_multipart_have_their_own_bodies_and_exactly_one_input_each(self, client):
        schema = served_schema(client)
        content = schema["paths"]["/api/v1/articles/"]["post"]["requestBody"]["content"]
        json_body, form_body = content["application/json"]["schema"], content["multipart/form-data"]["schema"]
        assert json_body != form_body
        as_json, as_form = variants(schema, json_body), variants(schema, form_body)
        assert [variant["required"] for variant in as_json] == [["text"], ["url"]]
        assert [variant["required"] for variant in as_form] == [["text"], ["file"], ["url"]]
        assert all("file" not in variant["properties"] for variant in as_json)
        assert as_form[1]["properties"]["file"] == {"type": "string", "format": "binary"}
        assert as_form[0]["properties"]["text"] == as_json[0]["properties"]["text"]

    def test_the_text_limits_and_languages_come_from_the_settings(self, client, settings):
        settings.SUMMARIES_MIN_ARTICLE_CHARS, settings.SUMMARIES_MAX_ARTICLE_CHARS = 120, 5000
        schema = served_schema(client)
        body = schema["paths"]["/api/v1/articles/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        text = variants(schema, body)[0]["properties"]["text"]
        assert (text["minLength"], text["maxLength"]) == (120, 5000)
        settings.SUMMARIES_MIN_ARTICLE_CHARS, settings.SUMMARIES_MAX_ARTICLE_CHARS = 80, 100_000
        schema = served_schema(client)
        text, url = (
            variant["properties"][name] for variant, name in zip(variants(schema, body), ["text", "url"], strict=True)
        )
        assert (text["minLength"], text["maxLength"], url["maxLength"]) == (80, 100_000, 2000)
        languages = [
            resolved(schema, option) for option in variants(schema, body)[0]["properties"]["language"]["oneOf"]
        ]
        assert [option["enum"] for option in languages] == [["en", "ar"], [""]]

    def test_reject_and_request_changes_require_a_note(self, client):
        schema = served_schema(client)
        body = schema["paths"]["/api/v1/summaries/{summary_id}/decision/"]["post"]["requestBody"]["content"]
        assert set(body) == {"application/json"}
        choice = resolved(schema, body["application/json"]["schema"])
        mapping = choice["discriminator"]["mapping"]
        assert choice["discriminator"]["propertyName"] == "action"
        noted = {action for action, ref in mapping.items() if "note" in resolved(schema, {"$ref": ref})["required"]}
        assert noted == {"reject", "request_changes"} and set(mapping) == {
            "approve",
            "reject",
            "request_changes",
            "withdraw",
            "reopen",
        }
        note = resolved(schema, {"$ref": mapping["reject"]})["properties"]["note"]
        assert note["minLength"] == 1 and note["pattern"] == "\\S"

    def test_date_filters_are_dates(self, client):
        schema = served_schema(client)
        parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
        for name in ("submitted_after", "submitted_before"):
            assert parameters[name]["schema"] == {"type": "string", "format": "date"}
            assert "empty value is refused" in parameters[name]["description"]

    def test_the_new_articles_id_links_to_its_status_and_result(self, client):
        schema = served_schema(client)
        operations = {operation["operationId"] for path in schema["paths"].values() for operation in path.values()}
        links = schema["paths"]["/api/v1/articles/"]["post"]["responses"]["201"]["links"]
        assert {link["operationId"] for link in links.values()} == {"articles_retrieve", "articles_result"}
        assert all(link["parameters"] == {"article_id": "$response.body#/id"} for link in links.values())
        detail = schema["paths"]["/api/v1/articles/{article_id}/"]["get"]["responses"]["200"]["links"]
        assert {link["operationId"] for link in detail.values()} <= operations


def test_result_json_has_a_schema_that_the_export_meets(client):
    schema = served_schema(client)
    download = schema["paths"]["/api/v1/articles/{article_id}/result.{fmt}"]["get"]["responses"]["200"]
    component = resolved(schema, download["content"]["application/json"]["schema"])
    assert {"article_id", "summary", "translation", "original", "source"} <= set(component["required"])
    document = {**as_json_schema(schema), "$ref": download["content"]["application/json"]["schema"]["$ref"]}
    linked = make_article(source_text="خبر من رابط عن الطاقة.", url="https://example.com/news/1", site_name="Example")
    for article in (make_article(), linked):
        exported = json.loads(summary_export(summary=finish(article.latest_summary), fmt="json").content)
        jsonschema.validate(exported, document, cls=jsonschema.Draft4Validator)
        assert set(exported) == set(component["properties"])  # a key added to the export is added here too
    assert exported["source"]["outlet"] == "Example"
    assert set(exported["source"]) == set(schema["components"]["schemas"]["ExportSource"]["properties"])


def as_json_schema(node: object) -> object:
    """OpenAPI 3.0's `nullable` as JSON Schema says it (null is one more type)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted
