"""Flattens a tree of tree_counts.Node into rows, so the template draws nested <details> without
recursion; and writes those rows out in Python (render_rows), one string per row rather than a
template loop of a dozen tags per row: a district's 215 organizations in a few milliseconds rather
than tens (issue 18: the pages' server time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dangbo.core.text import format_number
from dangbo.members.tree_counts import Node
from dangbo.organizations.models import COMMITTEE_KINDS, Kind

PLAIN_CODE = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass
class TreeRow:
    node: Node
    depth: int
    is_open: bool
    closes: int = 0  # how many enclosing <details> end after this row

    @property
    def has_children(self) -> bool:
        return bool(self.node.children)

    @property
    def close_range(self) -> range:
        return range(self.closes)

    @property
    def kind_label(self) -> str:
        return Kind(self.node.version.kind).label

    @property
    def shows_grassroots(self) -> bool:
        """The count of grassroots organizations means something only above the grassroots level."""
        return self.node.version.kind in COMMITTEE_KINDS


def flatten(root: Node, *, open_depth: int = 2) -> list[TreeRow]:
    rows: list[TreeRow] = []

    def walk(node: Node, depth: int) -> None:
        rows.append(TreeRow(node=node, depth=depth, is_open=depth < open_depth))
        for child in node.children:
            walk(child, depth + 1)
        if node.children:
            rows[-1].closes += 1

    walk(root, 0)
    return rows


def render_rows(rows: list[TreeRow], ngay: str = "") -> SafeString:
    """The rows of web/_tree.html, as its former template loop wrote them (the same HTML, to the
    whitespace): each name a link to the organization's page (on the day `ngay` when given), its
    kind, then its counts. Every value escaped."""
    query = f"?ngay={escape(quote(ngay, safe='/'))}" if ngay else ""
    labels = {kind: escape(kind.label) for kind in Kind}
    # one reverse() for the page: a code of letters, digits, "-", "_" and "." is the same in the
    # URL (nothing to quote); any other is reversed on its own
    placeholder = "CODE"
    pattern = escape(reverse("org_detail", args=[placeholder]))
    before, _, after = pattern.partition(placeholder)
    parts: list[str] = []
    for row in rows:
        node = row.node
        version = node.version
        counts = node.counts
        if row.has_children:
            opening = f'<details class="node"{" open" if row.is_open else ""}><summary class="row">'
            closing = '</summary><div class="children">'
        else:
            opening = '<div class="row leaf">'
            closing = "</div>"
        code = version.organization.code
        if PLAIN_CODE.fullmatch(code):
            url = f"{before}{code}{after}"
        else:
            url = escape(reverse("org_detail", args=[code]))
        grassroots = format_number(node.grassroots) if row.shows_grassroots else ""
        parts.append(
            f"\n    {opening}\n"
            f'      <span class="name"><a href="{url}{query}">{escape(version.name)}</a>'
            f' <small class="kind">{labels[Kind(version.kind)]}</small></span>\n'
            f'      <span class="num">{grassroots}</span>\n'
            f'      <span class="num">{format_number(counts["probationary"])}</span>\n'
            f'      <span class="num">{format_number(counts["official"])}</span>\n'
            f'      <span class="num total">{format_number(node.total)}</span>\n'
            f"    {closing}\n"
            f"    {'</div></details>' * row.closes}\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
