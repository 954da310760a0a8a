"""A run's editorial record from its start: made with the run, given the machine summary as revision 1 when
the run finishes. Editors' decisions and edits after that are decisions.py."""

from summaries.articles.models import Article
from summaries.review.models import Review, SummaryRevision
from summaries.runs.models import Summary


def review_open(*, run: Summary, article: Article) -> Review:
    """The run's editorial record, pending, made in the run's own transaction (runs/creation.py)."""
    return Review.objects.create(summary=run, article=article)


def review_first_revision(*, summary_id: int, text: str) -> None:
    """The machine summary as revision 1, so editors' history starts from what the pipeline wrote; called in
    the transaction that records the run's result."""
    Review.objects.filter(summary_id=summary_id).update(current_text=text, revision=1)
    SummaryRevision.objects.create(summary_id=summary_id, number=1, text=text)
