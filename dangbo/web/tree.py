"""Flattens a tree of tree_counts.Node into rows, so the template draws nested <details> without recursion."""

from __future__ import annotations

from dataclasses import dataclass

from dangbo.members.tree_counts import Node
from dangbo.organizations.models import COMMITTEE_KINDS, Kind


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
