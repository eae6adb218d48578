"""tree_changed: sent inside the transaction of a decision that changed the tree (establish, move), once
the versions are written, with the paths it touched (before and after) and the day it took effect. The
year's figures kept above this layer (evaluations.rollups: the locked years' rollups) follow it in the
same transaction; dissolve, merge, split and the withdrawal of a decision, which sit above evaluations,
call evaluations.rollups themselves."""

from __future__ import annotations

from django.dispatch import Signal

tree_changed = Signal()  # sender=Organization, paths=<list of paths>, day=<date>
