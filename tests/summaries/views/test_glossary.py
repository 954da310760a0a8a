"""The editors' glossary page: list and search, add, download and upload, escaping and direction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summaries.models import GlossaryEntry

from ...factories import make_user

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


def test_upload_with_a_bad_row_reports_the_line_and_writes_nothing(editor_client):
    data = (HEADER + "مصر,,Egypt,,\nCairo,,Cairo,,\n").encode()
    response = editor_client.post(reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("g.csv", data)})
    assert response.status_code == 400 and "Line 3" in response.content.decode()
    assert GlossaryEntry.objects.count() == 0


def test_download_then_upload_tsv(editor_client):
    GlossaryEntry.objects.create(arabic="السيسي", english="Sisi", wrong_variants="El-Sisi\nAl-Sisi")
    data = editor_client.get(reverse("summaries:glossary_export", kwargs={"fmt": "tsv"})).content
    assert data.decode().splitlines()[1] == "السيسي\t\tSisi\tEl-Sisi|Al-Sisi\t"
    GlossaryEntry.objects.all().delete()
    response = editor_client.post(reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("g.tsv", data)})
    assert response.status_code == 302 and GlossaryEntry.objects.get().wrong_list == ["El-Sisi", "Al-Sisi"]


def test_unknown_format_is_404(editor_client):
    assert editor_client.get(reverse("summaries:glossary_export", kwargs={"fmt": "xls"})).status_code == 404


def test_the_queue_links_to_the_glossary(editor_client):
    assert reverse("summaries:glossary_list") in editor_client.get(reverse("summaries:review_queue")).content.decode()


def test_admin_import_reports_lines_and_export_action(client):
    client.force_login(make_user("glossary-staff", staff=True))
    url = reverse("admin:summaries_glossaryentry_import")
    bad = client.post(url, {"file": SimpleUploadedFile("g.csv", (HEADER + ",,X,,\n").encode())})
    assert bad.status_code == 400 and "Line 2" in bad.content.decode() and GlossaryEntry.objects.count() == 0
    good = client.post(url, {"file": SimpleUploadedFile("g.csv", (HEADER + "مصر,,Egypt,,\n").encode())})
    assert good.status_code == 302
    entry = GlossaryEntry.objects.get()
    exported = client.post(
        reverse("admin:summaries_glossaryentry_changelist"), {"action": "export_csv", "_selected_action": [entry.pk]}
    )
    assert exported["Content-Type"].startswith("text/csv") and "مصر,,Egypt" in exported.content.decode()
    assert client.get(reverse("admin:summaries_glossaryentry_changelist"), {"q": "Egypt"}).status_code == 200
