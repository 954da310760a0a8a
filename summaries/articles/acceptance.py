"""One acceptance for every text, whatever brought it: a paste, a file, the API, the command line, a link's
page or a feed entry's. The text is normalised, its length checked, its language resolved (chosen, detected,
or declared by its page) and its duplicate key hashed, the same way for all of them."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info

from summaries import engines
from summaries.articles.intake.language import detect_language
from summaries.articles.intake.text import duplicate_key, normalise, visible_length
from summaries.common.exceptions import IntakeError
from summaries.common.formatting import language_label, list_text


@dataclass(frozen=True)
class AcceptedText:
    """A text ready to become an article: as it will be stored, its language, and its duplicate key's hash."""

    text: str
    choice: "LanguageChoice"
    content_hash: str


def text_accept(text: str, *, language: str | None = None, declared: str | None = None) -> AcceptedText:
    """The text as it will be stored, or IntakeError with the reason it cannot be (empty, too short or too
    long, a language this site does not translate or cannot tell). `language` is the sender's choice;
    `declared` what a fetched page says it is written in."""
    text = normalise(text)
    check_length(text)
    choice = language_resolve(text, language, declared=declared)
    content_hash = hashlib.sha256(duplicate_key(text).encode("utf-8")).hexdigest()
    return AcceptedText(text, choice, content_hash)


def supported_languages() -> list[str]:
    """English (summarized directly) and every language with a configured translation model."""
    return ["en", *sorted(engines.translation_models())]


def check_length(text: str) -> None:
    """IntakeError when the text is empty, shorter than a summary needs or longer than the limit."""
    visible = visible_length(text)
    if visible == 0:
        raise IntakeError("empty")
    if len(text) < settings.SUMMARIES_MIN_ARTICLE_CHARS:
        raise IntakeError("too_short", length=len(text), min=settings.SUMMARIES_MIN_ARTICLE_CHARS)
    if len(text) > settings.SUMMARIES_MAX_ARTICLE_CHARS:
        raise IntakeError("too_long", length=len(text), max=settings.SUMMARIES_MAX_ARTICLE_CHARS)


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    confidence: float
    detected: str
    overridden: bool


def language_check(chosen: str) -> None:
    """IntakeError unless `chosen` is a language code this site translates (or English)."""
    supported = supported_languages()
    if not _is_language_code(chosen):
        raise IntakeError("unknown_language_code", given=chosen, supported=_names(supported))
    if chosen not in supported:
        raise IntakeError("unsupported_chosen_language", language=language_name(chosen), supported=_names(supported))


def language_resolve(text: str, chosen: str | None, *, declared: str | None = None) -> LanguageChoice:
    """The language to route on: the user's choice if given, else the detector's if supported and confident,
    else what a fetched page `declared` itself to be written in (a short page can leave the detector unsure)."""
    supported = supported_languages()
    detection = detect_language(text)
    if chosen:
        language_check(chosen)
        return LanguageChoice(chosen, detection.confidence, detection.detected, overridden=True)
    if detection.language is None or detection.confidence < settings.SUMMARIES_LANGUAGE_MIN_CONFIDENCE:
        if declared and declared in supported:
            return LanguageChoice(declared, detection.confidence, detection.detected, overridden=False)
        raise IntakeError("unknown_language")
    if detection.language not in supported:
        raise IntakeError(
            "unsupported_language", language=language_name(detection.language), supported=_names(supported)
        )
    return LanguageChoice(detection.language, detection.confidence, detection.detected, overridden=False)


def _is_language_code(code: str) -> bool:
    """A code Django knows a name for (every ISO 639-1 code people use here), or one the detector reports."""
    try:
        get_language_info(code)
    except KeyError:
        return False
    return True


def language_name(code: str) -> str:
    """The language's name in the UI language, with its code: Arabic (ar)."""
    name = language_label(code)
    return name if name == code else f"{name} ({code})"


def _names(codes: list[str]) -> str:
    return list_text([language_name(code) for code in codes])
