"""Small row builders for tests."""

import hashlib
from typing import TYPE_CHECKING

from summaries.articles.models import Article
from summaries.articles.naming import link_host
from summaries.runs.models import Summary

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def make_article(**overrides) -> Article:
    """An Arabic article with one queued summary, unless overridden; a link's host is stored as the intake
    services store it (from the address after redirects, else the link)."""
    text = overrides.pop("source_text", "وقّع الرئيسان الروسي والمصري اليوم على اتفاقية تجديد الشراكة الشاملة.")
    fields = {
        "source_text": text,
        "language": "ar",
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "host": link_host(str(overrides.get("final_url") or overrides.get("url") or "")),
        **overrides,
    }
    article = Article.objects.create(**fields)
    make_run(article)
    return article


def make_run(article: Article, **fields) -> Summary:
    """A run of the article with its editorial record, as runs/creation.py makes one, without sending it."""
    from summaries.review.models import Review

    run = Summary.objects.create(article=article, **fields)
    Review.objects.create(summary=run, article=article)
    return run


def latest_run(article: Article) -> Summary:
    """The article's newest run; every article made here has one."""
    summary = article.latest_summary
    assert summary is not None, f"article {article.pk} has no run"
    return summary


def own(client, article: Article) -> None:
    """Give this test client's browser session the access an anonymous submitter's session has."""
    from summaries.articles.session import SESSION_ARTICLES

    session = client.session
    session[SESSION_ARTICLES] = [*session.get(SESSION_ARTICLES, []), str(article.pk)]
    session.save()


def finish(
    summary: Summary, *, text: str = "Russia and Egypt renewed their partnership.", translation: str = ""
) -> Summary:
    """Mark a run done the way the pipeline does: machine summary saved as revision 1, under the glossary
    version of now."""
    from summaries.glossary.services import glossary_stamp
    from summaries.review.records import review_first_revision

    Summary.objects.filter(pk=summary.pk).update(
        status=Summary.Status.DONE, summary_text=text, translation=translation, glossary_version=glossary_stamp()
    )
    review_first_revision(summary_id=summary.pk, text=text)
    summary.refresh_from_db()
    return summary


def make_user(username: str, *, editor: bool = False, staff: bool = False) -> "User":
    """A user who is plain, an editor (Editors group from the migration) or staff (a superuser)."""
    from django.contrib.auth import get_user_model

    from summaries.review.editors import editors_group

    user = get_user_model().objects.create_user(
        username, password="Correct-horse-2026", is_staff=staff, is_superuser=staff, email=f"{username}@example.org"
    )
    if editor:
        user.groups.add(editors_group())
    return user
