"""Links of a long table's rows: reverse() once, each row's value put in (issue 18: a district's 215
organizations or a cell's 600 meetings, a link each, cost a reverse() each otherwise)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse

_MARKER = "9876543210"  # digits: a value every converter (<int:>, <str:>, <slug:>) takes
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")  # a value reverse() writes as it is (nothing to quote)


def row_links(name: str, *args: object, slot: int = 0) -> Callable[[object], str]:
    """A function value -> reverse(name, args=args with the value inserted at `slot`): the same
    URL, reversed once with a marker in that place and the value put in; a value reverse() would
    quote (or a pattern the marker is found twice in) is reversed on its own."""
    before, after = list(args[:slot]), list(args[slot:])
    pattern = reverse(name, args=[*before, _MARKER, *after])
    usable = pattern.count(_MARKER) == 1

    def link(value: object) -> str:
        text = str(value)
        if usable and _PLAIN.fullmatch(text):
            return pattern.replace(_MARKER, text)
        return reverse(name, args=[*before, value, *after])

    return link
