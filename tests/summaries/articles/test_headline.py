"""Which headline an article's pages and files lead with: the page's or feed's, else a first line that reads
as one, else the editors', else one made from the summary and marked as generated."""

import pytest

from summaries.articles.headline import article_headline, first_line_headline, headline_for
from summaries.articles.models import Article
from tests.factories import finish, latest_run, make_article

pytestmark = pytest.mark.django_db
BODY = "وقّع الرئيسان اليوم على اتفاقية الشراكة. وأكد الرئيس أن المهمة الأساسية هي التسوية."


def test_the_pages_own_headline_comes_first():
    article = make_article(source_text="عنوان آخر في السطر الأول\n" + BODY)
    Article.objects.filter(pk=article.pk).update(headline="  بوتين   والسيسي يوقعان  ")
    article.refresh_from_db()
    headline = article_headline(article, title="Editors' headline", summary_text="A summary.")
    assert (headline.text, headline.language, headline.generated, headline.source) == (
        "بوتين والسيسي يوقعان",
        "ar",
        False,
        "page",
    )


def test_a_first_line_that_reads_as_a_headline():
    headline = article_headline(make_article(source_text="بوتين والسيسي يوقعان اتفاقية الشراكة\n\n" + BODY))
    assert (headline.text, headline.source, headline.generated) == (
        "بوتين والسيسي يوقعان اتفاقية الشراكة",
        "first_line",
        False,
    )


@pytest.mark.parametrize(
    "text",
    [
        BODY,  # one line: the first sentence, not a headline
        "وقّع الرئيسان اليوم على اتفاقية الشراكة.\n" + BODY,  # ends like a sentence
        " ".join(["كلمة"] * 25) + "\n" + BODY,  # too long
        "عنوان\n" + BODY,  # one word
    ],
)
def test_a_first_line_that_does_not(text):
    assert first_line_headline(text) == ""


def test_else_the_editors_headline_then_a_generated_one_marked_as_such():
    article = make_article(source_text=BODY)
    editors = article_headline(article, title=" Russia and Egypt renew ties ", summary_text="Ignored.")
    assert (editors.text, editors.language, editors.generated) == ("Russia and Egypt renew ties", "en", False)
    generated = article_headline(article, summary_text="Russia and Egypt renewed their partnership. More follows.")
    assert (generated.text, generated.language, generated.generated) == (
        "Russia and Egypt renewed their partnership.",
        "en",
        True,
    )
    from_text = article_headline(article)  # no summary yet: the text's first sentence, in its language
    assert from_text.generated and from_text.language == "ar" and from_text.text.startswith("وقّع الرئيسان")
    assert article_headline(make_article(source_text="")) is None


def test_a_finished_runs_review_gives_the_editors_headline_and_the_summary():
    article = make_article(source_text=BODY)
    run = latest_run(article)
    assert headline_for(article, run).language == "ar"  # not finished: made from the text
    finish(run, text="Russia and Egypt met. Then more.")
    assert headline_for(article, run).text == "Russia and Egypt met."
