"""The OpenAPI 3 schema is generated from the code, valid, and documented on a page served by the app."""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR

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
        "/api/v1/summaries/{summary_id}/",
        "/api/v1/summaries/{summary_id}/decision/",
        "/api/v1/summaries/{summary_id}/revisions/",
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
    submit = schema["components"]["schemas"]["ArticleSubmitRequest"]["properties"]
    assert {"text", "file", "url"} <= set(submit)
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
