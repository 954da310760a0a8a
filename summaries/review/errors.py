"""The review's own refusal that carries data: a save based on an older revision than the newest."""

from summaries.common.exceptions import ReviewError
from summaries.review.models import SummaryRevision


class RevisionConflict(ReviewError):
    """Someone saved a newer revision since the editor loaded the page (optimistic locking); `current` is
    that revision, for the page and the API to show who saved it and when."""

    def __init__(self, *, base: int, current: SummaryRevision | None, **params: object) -> None:
        super().__init__("conflict", **params)
        self.base = base
        self.current = current
