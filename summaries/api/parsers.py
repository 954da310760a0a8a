"""Request body parsers: DRF's, with what hostile bodies need on top.

json.load recurses once per nesting level, so a 10 KB body of nested brackets raised RecursionError (a
500). JSON may also escape half of a UTF-16 pair ("\\ud800"), which is no character at all: such a string
reached a choice field, whose error message quotes the value, and failed to encode (a 500 again). The
body's size is limited before parsing by DATA_UPLOAD_MAX_MEMORY_SIZE (a 413, error_views.py).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The JSON is nested too deeply to be an article submission."), code="too_deep") from exc
        if _has_lone_surrogate(data):
            raise ParseError(
                _("The JSON holds text that is not valid Unicode (half of a UTF-16 surrogate pair)."),
                code="invalid_unicode",
            )
        return data


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string in the parsed document (keys included) cannot be written as UTF-8. Iterative: the
    document may be as deep as the recursion limit allowed."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
