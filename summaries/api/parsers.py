"""Request body parsers: DRF's, with what hostile bodies need on top.

json.load recurses once per nesting level, so a 10 KB body of nested brackets raised RecursionError (a
500). The body's size is limited before parsing by DATA_UPLOAD_MAX_MEMORY_SIZE (a 413, views/errors.py).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The JSON is nested too deeply to be an article submission."), code="too_deep") from exc
