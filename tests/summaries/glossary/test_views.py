"""The editors' glossary page: list and search, add, download and upload, escaping and direction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summaries.glossary.imports import glossary_import_run
from summaries.glossary.models import GlossaryEntry, GlossaryImport
from tests.factories import make_user

pytestmark = pytest.mark.django_db
HEADER = "arabic,arabic_variants,english,wrong_variants,note\n"


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("glossary-page-editor", editor=True))
    return client


def test_list_search_escapes_and_marks_direction(editor_client):
    GlossaryEntry.objects.create(arabic="السيسي", english="<b>Sisi</b>")
    GlossaryEntry.objects.create(arabic="الصين", english="China")
    page = editor_client.get(reverse("summaries:glossary_list"), {"q": "Sisi"}).content.decode()
    assert '<span lang="ar" dir="rtl">السيسي</span>' in page
    assert '<span lang="en" dir="ltr">&lt;b&gt;Sisi&lt;/b&gt;</span>' in page
    assert "China" not in page


def test_add_records_the_editor(editor_client):
    response = editor_client.post(reverse("summaries:glossary_add"), {"arabic": "الصين", "english": "China"})
    assert response.status_code == 302
    entry = GlossaryEntry.objects.get()
    assert entry.created_by.username == entry.updated_by.username == "glossary-page-editor"


def imported(client, response) -> str:
    """Run the import a worker would (the request only stored it), then its page."""
    assert response.status_code == 302
    record = GlossaryImport.objects.get()
    assert response["Location"] == reverse("summaries:glossary_import_status", kwargs={"import_id": record.pk})
    assert client.get(response["Location"]).status_code == 200  # waiting, before the worker takes it
    glossary_import_run(import_id=record.pk)
    return client.get(response["Location"]).content.decode()


def test_upload_with_a_bad_row_reports_the_line_and_writes_nothing(editor_client):
    data = (HEADER + "مصر,,Egypt,,\nCairo,,Cairo,,\n").encode()
    response = editor_client.post(reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("g.csv", data)})
    page = imported(editor_client, response)
    assert "Line 3" in page and "Not imported" in page and 'http-equiv="refresh"' not in page
    assert GlossaryEntry.objects.count() == 0 and GlossaryImport.objects.get().status == "failed"


def test_download_then_upload_tsv(editor_client):
    GlossaryEntry.objects.create(arabic="السيسي", english="Sisi", wrong_variants="El-Sisi\nAl-Sisi")
    data = editor_client.get(reverse("summaries:glossary_export", kwargs={"fmt": "tsv"})).content
    assert data.decode().splitlines()[1] == "السيسي\t\tSisi\tEl-Sisi|Al-Sisi\t"
    GlossaryEntry.objects.all().delete()
    response = editor_client.post(reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("g.tsv", data)})
    assert "Imported: 1 new, 0 updated." in imported(editor_client, response)
    assert GlossaryEntry.objects.get().wrong_list == ["El-Sisi", "Al-Sisi"]


def test_the_import_page_reloads_itself_while_the_import_waits_or_runs(editor_client):
    response = editor_client.post(
        reverse("summaries:glossary_import"),
        {"file": SimpleUploadedFile("g.csv", (HEADER + "مصر,,Egypt,,\n").encode())},
    )
    page = editor_client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "Waiting for a worker" in page
    GlossaryImport.objects.update(status="running", total_rows=4, processed_rows=1)
    page = editor_client.get(response["Location"]).content.decode()
    assert "Writing: 1 of 4 rows." in page and 'value="25"' in page


def test_an_import_page_is_for_editors_only(editor_client):
    from django.test import Client

    response = editor_client.post(
        reverse("summaries:glossary_import"),
        {"file": SimpleUploadedFile("g.csv", (HEADER + "مصر,,Egypt,,\n").encode())},
    )
    client = Client()
    assert client.get(response["Location"]).status_code == 302  # to the sign-in page
    client.force_login(make_user("reporter"))
    assert client.get(response["Location"]).status_code == 403


def test_unknown_format_is_404(editor_client):
    assert editor_client.get(reverse("summaries:glossary_export", kwargs={"fmt": "xls"})).status_code == 404


def test_the_queue_links_to_the_glossary(editor_client):
    assert reverse("summaries:glossary_list") in editor_client.get(reverse("summaries:review_queue")).content.decode()


def test_admin_import_reports_lines_and_export_action(client):
    client.force_login(make_user("glossary-staff", staff=True))
    url = reverse("admin:summaries_glossaryentry_import")
    bad = client.post(url, {"file": SimpleUploadedFile("g.csv", (HEADER + ",,X,,\n").encode())})
    assert bad.status_code == 302
    glossary_import_run(import_id=GlossaryImport.objects.get().pk)
    assert "Line 2" in str(GlossaryImport.objects.get().errors) and GlossaryEntry.objects.count() == 0
    assert "Line 2" in client.get(bad["Location"]).content.decode()
    good = client.post(url, {"file": SimpleUploadedFile("g.csv", (HEADER + "مصر,,Egypt,,\n").encode())})
    assert good.status_code == 302
    glossary_import_run(import_id=GlossaryImport.objects.latest("pk").pk)
    entry = GlossaryEntry.objects.get()
    exported = client.post(
        reverse("admin:summaries_glossaryentry_changelist"), {"action": "export_csv", "_selected_action": [entry.pk]}
    )
    assert exported["Content-Type"].startswith("text/csv") and "مصر,,Egypt" in exported.content.decode()
    assert client.get(reverse("admin:summaries_glossaryentry_changelist"), {"q": "Egypt"}).status_code == 200


def test_errors_are_written_in_the_uploaders_language(editor_client):
    """The worker has no request: it writes the errors in the language the file was uploaded in."""
    data = (HEADER + "Cairo,,Cairo,,\n").encode()
    editor_client.post(
        reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("g.csv", data)}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    glossary_import_run(import_id=GlossaryImport.objects.get().pk)
    error = GlossaryImport.objects.get().errors[0]
    assert error.startswith("السطر 2: ")
