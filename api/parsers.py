"""The API's JSON bodies, bounded: a body past the upload limit answers 413 without being read
whole, and one that is not JSON, or nested deeper than any of our requests, answers 400."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.utils import json

from .errors import too_large

# Our deepest request (a batch of values with their problems) nests four levels.
MAX_DEPTH = 32


def _depth(value) -> int:
    """How deeply `value` nests lists and objects, walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise too_large()
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise too_large()
        try:
            data = json.loads(body.decode(parsers.get_encoding(parser_context or {})),
                              parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise exceptions.ParseError(_("JSON 嵌套层数过多")) from None
        except ValueError as exc:
            raise exceptions.ParseError(_("JSON 格式有误：%(error)s") % {"error": exc}) from None
        if _depth(data) > MAX_DEPTH:
            raise exceptions.ParseError(_("JSON 嵌套层数过多"))
        return data
