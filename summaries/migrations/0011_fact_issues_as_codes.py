"""Fact-check findings were stored as English sentences; they become a kind and a value, worded at display."""

import re

from django.db import migrations

_PATTERNS = [
    (re.compile(r"^number (.+) is in the source but not in the text$"), "number_missing"),
    (re.compile(r"^number (.+) is in the text but not in the source$"), "number_added"),
    (re.compile(r"^the name (.+) does not appear in the source$"), "name_added"),
    (re.compile(r"^the source is negative but the text is not()$"), "negation_dropped"),
    (re.compile(r"^the text is negative but the source is not()$"), "negation_added"),
]
_SENTENCES = {
    "number_missing": "number {} is in the source but not in the text",
    "number_added": "number {} is in the text but not in the source",
    "name_added": "the name {} does not appear in the source",
    "negation_dropped": "the source is negative but the text is not",
    "negation_added": "the text is negative but the source is not",
}


def _as_code(issue):
    if not isinstance(issue, str):
        return issue
    for pattern, kind in _PATTERNS:
        match = pattern.match(issue)
        if match:
            return {"kind": kind, "value": match.group(1)}
    return {"kind": "unknown", "value": issue}


def _as_sentence(issue):
    if not isinstance(issue, dict):
        return issue
    return _SENTENCES.get(issue.get("kind"), "{}").format(issue.get("value", ""))


def _convert(apps, change):
    Summary = apps.get_model("summaries", "Summary")
    for summary in Summary.objects.exclude(grounding={}).only("pk", "grounding").iterator(chunk_size=500):
        grounding = summary.grounding or {}
        if not isinstance(grounding, dict):
            continue
        for sentence in grounding.get("summary") or []:
            sentence["issues"] = [change(issue) for issue in sentence.get("issues") or []]
        grounding["translation_issues"] = [
            [change(issue) for issue in row or []] for row in grounding.get("translation_issues") or []
        ]
        Summary.objects.filter(pk=summary.pk).update(grounding=grounding)


def forwards(apps, schema_editor):
    _convert(apps, _as_code)


def backwards(apps, schema_editor):
    _convert(apps, _as_sentence)


class Migration(migrations.Migration):

    dependencies = [
        ("summaries", "0010_send_attempts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
