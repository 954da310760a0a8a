"""A 100,000-entry glossary import through the page, by a real worker, while articles are submitted.

Imported inside the request, two 2 MB files held SQLite's write lock for 43 to 62 s each and a submitter
got a 500 "database is locked"; now the worker writes in short batches and submissions go on answering.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summaries.articles.models import Article
from summaries.glossary.models import GlossaryEntry, GlossaryImport
from tests.factories import make_user
from tests.polling import wait_for

pytestmark = pytest.mark.integration
ROWS = 100_000
HEADER = "arabic,arabic_variants,english,wrong_variants,note\n"


def test_a_hundred_thousand_entry_import_leaves_submissions_answering(client, start_worker, arabic_article, tmp_path):
    release = tmp_path / "release-the-import"
    start_worker(SUMMARIES_TEST_GLOSSARY_RELEASE=str(release))  # the harness holds it after its first batch
    editor = make_user("glossary-importer", editor=True)
    client.force_login(editor)
    rows = "".join(f"كلمة{index:06d},,Word{index},Wrongword{index},\n" for index in range(ROWS))
    response = client.post(
        reverse("summaries:glossary_import"), {"file": SimpleUploadedFile("big.csv", (HEADER + rows).encode())}
    )
    assert response.status_code == 302, response.content[:500]
    record = GlossaryImport.objects.get()

    def writing() -> bool:
        record.refresh_from_db()
        return record.status == "running" and 0 < record.processed_rows < ROWS

    wait_for(writing, timeout=300, interval=0.05, message=lambda: f"{record.status} {record.processed_rows}")
    # While the import is under way: an anonymous submission is stored at once (it used to wait 30 s, then
    # get a 500), and the import then goes on to the end.
    submitter = type(client)()
    submitted = submitter.post(reverse("summaries:submit"), {"text": arabic_article})
    assert submitted.status_code == 302 and Article.objects.count() == 1
    record.refresh_from_db()
    assert record.status == "running" and record.processed_rows < ROWS
    release.touch()

    def finished() -> bool:
        record.refresh_from_db()
        return record.finished

    wait_for(finished, timeout=600, interval=0.5, message=lambda: f"{record.status} {record.processed_rows}")
    assert (record.status, record.created, record.errors) == ("done", ROWS, [])
    assert GlossaryEntry.objects.count() == ROWS
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 100000 new, 0 updated." in page or "Imported: 100,000 new, 0 updated." in page
