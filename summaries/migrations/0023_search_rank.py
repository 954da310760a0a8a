import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL: the rank vector is the stored vector's headline, summaries and editors' texts (weights A and B,
# documents.WEIGHTS), kept in the row (STORAGE MAIN: compressed in place, out of line only when a row cannot
# fit a page) so that ranking reads no TOAST; written for the documents already indexed exactly as the
# backend writes it.
POSTGRES_CREATE = [
    "ALTER TABLE summaries_searchdocument ALTER COLUMN rank_vector SET STORAGE MAIN",
    "UPDATE summaries_searchdocument SET rank_vector = ts_filter(vector, '{a,b}') WHERE vector IS NOT NULL",
]


def _fill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0022_article_vectors"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
