"""Every model of the app, imported from the domain that owns it so Django registers them all.

Code imports a model from its domain (`summaries.articles.models`, `summaries.runs.models` ...); this index
exists for Django's app registry and for the migrations, which name `summaries.models.original_file_path`.
"""

from summaries.access.models import ApiToken
from summaries.articles.models import Article, SubmissionHit, original_file_path
from summaries.digest.models import Digest
from summaries.feeds.models import Feed
from summaries.glossary.models import GlossaryEntry, GlossaryImport, GlossarySuggestion, split_lines
from summaries.modelops.models import ModelState
from summaries.related.models import ArticleVector
from summaries.review.models import Review, ReviewEvent, SummaryRevision
from summaries.runs.models import Summary, SummaryQuerySet
from summaries.search.models import SearchDocument, SearchEntry
from summaries.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Article",
    "ArticleVector",
    "Digest",
    "Feed",
    "GlossaryEntry",
    "GlossaryImport",
    "GlossarySuggestion",
    "ModelState",
    "Review",
    "ReviewEvent",
    "SearchDocument",
    "SearchEntry",
    "SubmissionHit",
    "Summary",
    "SummaryQuerySet",
    "SummaryRevision",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "original_file_path",
    "split_lines",
]
