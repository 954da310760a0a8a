"""The editorial record moves off the run: Summary keeps the job and its outputs, Review (one per run) the
review state, the text as edited and who decided last. Every existing run's values are carried over before
the columns go, and back again when the migration is reversed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Review's field -> the Summary column it came from.
CARRIED = {
    "state": "review_state",
    "note": "review_note",
    "reviewed_by_id": "reviewed_by_id",
    "reviewed_at": "reviewed_at",
    "title": "title",
    "current_text": "current_text",
    "revision": "revision",
}
BATCH = 2000


def carry_over(apps, schema_editor):
    Summary = apps.get_model("summaries", "Summary")
    Review = apps.get_model("summaries", "Review")
    rows = Summary.objects.order_by("pk").values_list("pk", "article_id", *CARRIED.values())
    batch = []
    for pk, article_id, *values in rows.iterator(chunk_size=BATCH):
        batch.append(Review(summary_id=pk, article_id=article_id, **dict(zip(CARRIED, values, strict=True))))
        if len(batch) == BATCH:
            Review.objects.bulk_create(batch)
            batch = []
    Review.objects.bulk_create(batch)


def carry_back(apps, schema_editor):
    Summary = apps.get_model("summaries", "Summary")
    Review = apps.get_model("summaries", "Review")
    batch = []
    for review in Review.objects.order_by("pk").iterator(chunk_size=BATCH):
        run = Summary(pk=review.summary_id)
        for field, column in CARRIED.items():
            setattr(run, column, getattr(review, field))
        batch.append(run)
        if len(batch) == BATCH:
            Summary.objects.bulk_update(batch, list(CARRIED.values()))
            batch = []
    if batch:
        Summary.objects.bulk_update(batch, list(CARRIED.values()))


class Migration(migrations.Migration):
    dependencies = [
        ("summaries", "0015_glossary_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Review",
            fields=[
                (
                    "summary",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="review",
                        serialize=False,
                        to="summaries.summary",
                        verbose_name="summary",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="summaries.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Pending review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("changes_requested", "Changes requested"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=24,
                        verbose_name="review state",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Why it was rejected or what should change; from the last decision.",
                        verbose_name="review note",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="reviewed")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="headline")),
                (
                    "current_text",
                    models.TextField(
                        blank=True,
                        help_text="The text of the newest revision; the machine output stays in “summary”.",
                        verbose_name="summary as edited",
                    ),
                ),
                (
                    "revision",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Number of the newest revision; a save must name it (optimistic locking).",
                        verbose_name="revision",
                    ),
                ),
            ],
            options={"verbose_name": "review", "verbose_name_plural": "reviews"},
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveConstraint(model_name="summary", name="one_approved_summary_per_article"),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "approved")), fields=("article",), name="one_approved_summary_per_article"
            ),
        ),
        migrations.RemoveField(model_name="summary", name="current_text"),
        migrations.RemoveField(model_name="summary", name="review_note"),
        migrations.RemoveField(model_name="summary", name="review_state"),
        migrations.RemoveField(model_name="summary", name="reviewed_at"),
        migrations.RemoveField(model_name="summary", name="reviewed_by"),
        migrations.RemoveField(model_name="summary", name="revision"),
        migrations.RemoveField(model_name="summary", name="title"),
    ]
