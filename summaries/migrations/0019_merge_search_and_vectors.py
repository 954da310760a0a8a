# Joins the search helper's 0018_search and 0018_article_vectors (issue #29's two branches, merged here so
# bench/search.py can build a database with both); the coordinator renumbers at the merge into main.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0018_article_vectors"),
        ("summaries", "0018_search"),
    ]

    operations = []
