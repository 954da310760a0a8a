"""The app's admin, one module per domain; importing each registers its models.

Review state is never edited in the admin: the actions call the review services, which check the editor's
permission and the state and write the audit log. User text is always escaped and shown in its own
direction (Arabic right-to-left), whatever the admin's language.
"""

from summaries.access import admin as access_admin
from summaries.articles import admin as articles_admin
from summaries.digest import admin as digest_admin
from summaries.feeds import admin as feeds_admin
from summaries.glossary import admin as glossary_admin
from summaries.modelops import admin as modelops_admin
from summaries.review import admin as review_admin
from summaries.runs import admin as runs_admin
from summaries.webhooks import admin as webhooks_admin

__all__ = [
    "access_admin",
    "articles_admin",
    "digest_admin",
    "feeds_admin",
    "glossary_admin",
    "modelops_admin",
    "review_admin",
    "runs_admin",
    "webhooks_admin",
]
