"""The API's JSON read and written: DRF's, with the two inputs it could not answer."""

import codecs
import math
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class NumberOutOfRange(ParseError):
    """A number no field could hold: said as it is, not as an unreadable body."""


def _finite(text: str) -> Decimal:
    """A number with a fraction or an exponent, as it was written: a float would lose a
    sum's cents to binary and the exponent 1e5 was typed with (core.validators.plain_number)."""
    if not math.isfinite(float(text)):
        raise NumberOutOfRange(
            _("The number %(number)s in the request body is too large to be read.")
            % {"number": text[:40]}
        )
    return Decimal(text)


class JSONParser(parsers.JSONParser):
    """A number too large for a float (1e400) read as infinity, which an id field then
    failed to turn into an integer (a 500): it is refused, with its number, as a 400. Other
    numbers with a fraction or an exponent are read as decimals, exactly as sent."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            return json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=json.strict_constant,
                parse_float=_finite,
            )
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc


class JSONRenderer(renderers.JSONRenderer):
    """A message repeating what was sent ("“\\ud800” is not a valid choice") cannot be
    written as UTF-8 while it holds a lone surrogate escape: the 400 was lost to a 500. Such
    a character is written as U+FFFD, the replacement character."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return super().render(_replaced(data), accepted_media_type, renderer_context)


def _replaced(data):
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {_replaced(key): _replaced(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_replaced(item) for item in data]
    return data
