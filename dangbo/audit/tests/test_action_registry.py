"""Every audit action the code writes is declared, with its Vietnamese label, by the app that writes it;
audit_record refuses one that is not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from dangbo.accounts.scope import system_actor
from dangbo.audit import registry
from dangbo.audit.services import audit_record
from dangbo.congresses.models import Stage
from dangbo.evaluations.services import STAGES
from dangbo.members.models import MemberEvent
from dangbo.organizations.models import OrganizationEvent
from dangbo.web.audit import labels

SYSTEM = system_actor("kiểm thử: test_action_registry")

ROOT = Path(__file__).resolve().parents[2]

# action="..." / action=f"..." passed to audit_record or export_record, and the action argument of
# congresses' _audit_export helper; argparse's action="store_true" and "append" are not
LITERAL = re.compile(r"""\baction=(f?)"([^"]+)\"""")
HELPER = re.compile(r"""_audit_export\([^)]*?"((?:export)\.[a-z_]+)\"""")

# each f-string family written, with every value its placeholder takes
FAMILIES: dict[str, list[str]] = {
    "member.{kind}": [str(k) for k in MemberEvent.Kind.values],
    "organization.{action}": [str(a) for a in OrganizationEvent.Action.values],
    "congress.stage.{stage}": [str(s) for s in Stage.values],
    "rating.member.{stage}": list(STAGES),
    "rating.organization.{stage}": list(STAGES),
    "user.permissions.{action.removeprefix('post_')}": ["add", "remove", "clear"],
}


def _written() -> tuple[set[str], set[str]]:
    plain: set[str] = set()
    families: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for is_f, value in LITERAL.findall(text):
            if value in ("store_true", "append"):  # argparse's actions
                continue
            (families if is_f else plain).add(value)
        plain.update(HELPER.findall(text))
    return plain, families


def test_the_source_scan_finds_the_actions_written() -> None:
    plain, families = _written()
    assert {"member.profile", "planning.term_create", "api_token.create", "export.election_minutes"} <= plain
    assert "member.{kind}" in families


def test_every_action_written_is_declared_with_a_vietnamese_label() -> None:
    plain, families = _written()
    undeclared = sorted(a for a in plain if not registry.is_declared(a))
    assert undeclared == []
    unknown = sorted(families - set(FAMILIES))
    assert unknown == [], "a new f-string family of actions: list its values in FAMILIES"
    for family in families:
        head = family[: family.index("{")]
        for value in FAMILIES[family]:
            assert registry.is_declared(head + value), head + value
    for action, label in registry.all_actions().items():
        assert label and label != action and not re.search(r"[._]|[a-z]+_[a-z]+", label), action


def test_each_app_declares_its_own_actions_next_to_its_code() -> None:
    modules = {group.choices.__module__ for group in registry.groups()}
    assert "dangbo.members.audit_actions" in modules
    assert "dangbo.congresses.audit_actions" in modules
    assert "dangbo.web.audit.labels" not in modules


@pytest.mark.django_db
def test_audit_record_refuses_an_undeclared_action() -> None:
    with pytest.raises(registry.UndeclaredAction), transaction.atomic():
        audit_record(actor=SYSTEM, action="member.nonsense", target_type="database")


def test_every_declared_action_can_be_chosen_in_the_filter_grouped_by_app() -> None:
    options = labels.action_options()
    titles = [title for title, _ in options]
    assert "Đại hội, bầu cử" in titles and "Khóa truy cập API" in titles
    choosable = {value for _, group in options for value, _ in group}
    assert set(registry.all_actions()) <= choosable
    for _, group in options:
        for value, label in group:
            assert label != value
