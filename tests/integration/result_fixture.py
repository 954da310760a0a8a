"""The fixture article of the result page's tests: the real Arabic news text of ../shared/fixtures/ (read in
place), read from a link, with an English translation per sentence, a summary and the checks
a run stores (a name the source lacks, a weakly supported sentence, words the checker blames)."""

import datetime

from summaries.articles.models import Article
from summaries.engines.blame import with_issue_words
from summaries.engines.checker.flags import UNSUPPORTED_WORDS, WordFlag
from summaries.engines.facts import NAME_ADDED, FactIssue
from summaries.engines.grounding import Grounding, SummarySentence
from summaries.engines.segmentation import split_sentences
from summaries.related.services import article_vector_save
from summaries.runs.models import Summary
from tests.conftest import FIXTURE_ARTICLE
from tests.factories import finish, make_article

TRANSLATIONS = [
    "The Russian and Egyptian presidents today signed an agreement renewing the comprehensive partnership and "
    "strategic cooperation, and witnessed their foreign ministers sign a memorandum on political consultations.",
    "Russian President Vladimir Putin said at a press conference today with his Egyptian counterpart Abdel Fattah "
    "al-Sisi that the main task in Syria is now forming the constitutional committee and reconstruction, adding "
    "that Moscow and Cairo agreed to strengthen their coordination on a political settlement in Syria.",
    "Putin said his country had briefed Egypt on the steps taken towards a settlement in Syria and on the "
    'Russian-Turkish agreement: "We compared our positions on this issue and agreed to work together."',
    "Putin stressed that they agreed on the need to pay special attention to Idlib province, where many fighters "
    "have gathered in the de-escalation zone and threaten to spread to neighbouring countries.",
    'We told our Egyptian friends what the agreements with Turkey contain to solve this problem."',
    "The Russian president also said Egypt and Russia would continue their efforts to end the split in Libya and "
    "restore its stability, security and sovereignty, and stand together for a settlement in the Middle East.",
    "President Putin noted the return of direct flights between Cairo and Moscow and hoped that flights between "
    "other Russian and Egyptian cities would resume as soon as possible, Trump said.",
    "The talks covered regional and international issues of common interest; the two countries agreed on "
    "supporting the political settlement in Syria, fighting terrorist groups, supporting state institutions and "
    "widening de-escalation zones, so as to preserve Syria's territorial unity and end the suffering of its people.",
    "The Russian president praised Egypt's positive role in settling the crises of the Middle East, the Egyptian "
    "presidency's spokesman, Ambassador Bassam Radi, announced.",
    'At a press conference at the end of the talks Sisi said: "Developments in Syria took an important part of '
    "the discussion; we agreed to continue consultation and coordination between Egypt and Russia, to avoid "
    "further escalation and to encourage the UN envoy to launch the work of the constitutional drafting "
    "committee as soon as possible, towards a comprehensive political solution that preserves the Syrian state",
    'and its territorial integrity."',
    "Sisi said he and Putin agreed on the importance of exchanging information between the competent agencies "
    "against terrorism, especially the movement of terrorists from unstable areas to other countries, and that "
    "Egypt is open to intensive cooperation with Russia in this field, the two being traditional partners.",
]
SUMMARY = [
    "Russia and Egypt renewed their comprehensive partnership and strategic cooperation agreement.",
    "Putin said Moscow and Cairo would coordinate more closely on a political settlement in Syria, where the "
    "main task is forming the constitutional committee.",
    "The two presidents also discussed Libya, the resumption of direct flights and the fight against terrorism, "
    "and Washington welcomed the deal.",
]


def fixture_article(editor) -> Summary:
    """A finished run of the fixture text, read from a link, with three flagged sentences of fifteen."""
    text = FIXTURE_ARTICLE.read_text(encoding="utf-8")
    sources = split_sentences(text)
    assert len(sources) == len(TRANSLATIONS)
    started = make_article(source_text=text, submitted_by=editor).latest_summary
    assert started is not None
    run = finish(started, text=" ".join(SUMMARY))
    Article.objects.filter(pk=run.article_id).update(
        origin=Article.Origin.LINK,
        url="https://www.example.org/news/2018/10/17/russia-egypt-partnership",
        host="example.org",  # as the intake stores it with the link
        headline="بوتين والسيسي يوقعان اتفاقية الشراكة الشاملة والتعاون الاستراتيجي",
        site_name="Example News",
        published_on=datetime.date(2018, 10, 17),
        fetched_at=datetime.datetime(2018, 10, 17, 12, tzinfo=datetime.UTC),
    )
    scores: list[float | None] = [0.93] * len(sources)
    issues: list[list[FactIssue]] = [[] for _ in sources]
    words: list[list[WordFlag]] = [[] for _ in sources]
    scores[6], issues[6] = 0.12, [FactIssue(NAME_ADDED, "Trump")]
    words[6] = with_issue_words(TRANSLATIONS[6], issues[6], [])
    scores[10] = 0.31  # low support, nothing more specific
    phrase = "the two being traditional partners"
    start = TRANSLATIONS[11].index(phrase)
    scores[11], words[11] = 0.42, [WordFlag(start, start + len(phrase), UNSUPPORTED_WORDS)]
    summary_issues = [FactIssue(NAME_ADDED, "Washington")]
    grounding = Grounding(
        "embeddings",
        0.5,
        [
            SummarySentence(SUMMARY[0], [0], [0.91], 0.91, False),
            SummarySentence(SUMMARY[1], [1, 2], [0.88, 0.6], 0.88, False),
            SummarySentence(
                SUMMARY[2],
                [5, 6, 11],
                [0.52, 0.5, 0.49],
                0.45,
                True,
                summary_issues,
                with_issue_words(SUMMARY[2], summary_issues, []),
            ),
        ],
        scores,
        [score is not None and score < 0.5 for score in scores],
        issues,
        words,
        "checker",
        0.5,
    )
    Summary.objects.filter(pk=run.pk).update(
        source_sentences=sources,
        translated_sentences=TRANSLATIONS,
        translation="\n".join(TRANSLATIONS),
        grounding=grounding.as_json(),
    )
    run.refresh_from_db()
    article_vector_save(article=run.article)  # its similar-articles section as after processing
    return run
