"""No service accepts actor=None: every change is made by someone (a user, or the explicit system
actor of a command or the demo loader, carrying its reason), and is authorized by
accounts.scope.authorize, never skipped because the actor is missing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction

import dangbo
from dangbo.accounts.scope import authorize, system_actor
from dangbo.audit.context import system_reason
from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import PermissionDenied

DAY = date(2019, 3, 1)

NOBODY: Any = None  # what a forgotten actor would be: typed Any so that the call reaches the check


def _services_modules() -> list[ModuleType]:
    """dangbo/<app>/services.py, and every module of a dangbo/<app>/services/ package."""
    found = []
    for app in pkgutil.iter_modules(dangbo.__path__):
        try:
            module = importlib.import_module(f"dangbo.{app.name}.services")
        except ModuleNotFoundError as missing:
            if missing.name != f"dangbo.{app.name}.services":
                raise
            continue
        found.append(module)
        if hasattr(module, "__path__"):
            for sub in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}."):
                found.append(importlib.import_module(sub.name))
    return found


def _public_functions() -> list[tuple[str, inspect.Signature]]:
    functions = []
    for module in _services_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                functions.append((f"{module.__name__}.{name}", inspect.signature(function)))
    return functions


def test_the_services_modules_are_found():
    names = {m.__name__ for m in _services_modules()}
    assert {
        "dangbo.organizations.services",
        "dangbo.members.services",
        "dangbo.evaluations.services",
    } <= names
    assert len(names) >= 10


def test_no_service_takes_an_optional_actor():
    with_actor = []
    for name, signature in _public_functions():
        actor = signature.parameters.get("actor")
        if actor is None:
            continue
        with_actor.append(name)
        annotation = str(actor.annotation)
        assert actor.default is inspect.Parameter.empty, f"{name}: actor has a default ({actor.default!r})"
        assert actor.annotation is not inspect.Parameter.empty, f"{name}: actor is not typed"
        assert "None" not in annotation and "Optional" not in annotation, f"{name}: actor: {annotation}"
    assert len(with_actor) >= 50  # the writes of every app


def test_authorize_refuses_a_missing_actor(small_tree):
    with pytest.raises(TypeError, match="needs an actor"):
        authorize(NOBODY, small_tree.ward, write=True)


def test_the_system_actor_carries_its_reason_into_the_audit_entry(small_tree):
    from dangbo.organizations.services import organization_rename

    with pytest.raises(ValueError, match="reason"):
        system_actor("  ")
    actor = system_actor("lệnh import_xlsx")
    assert system_reason(actor) == "lệnh import_xlsx"
    authorize(actor, small_tree.ward, write=True)  # unscoped, asked like everyone
    organization_rename(
        actor=actor,
        organization=small_tree.cell_a,
        name="Chi bộ Khu phố 1A",
        effective_on=DAY,
        decision=_decision(),
    )
    entry = AuditEntry.objects.filter(action="organization.rename").get()
    assert entry.actor is None and entry.actor_name == "hệ thống (lệnh import_xlsx)"


def _decision():
    from dangbo.organizations.services import Decision

    return Decision(number="9-QĐ/QU", date=DAY)


def _calls(tree, member, position, congress_org):
    """A sample of services across the apps, each with valid arguments but actor=None."""
    from dangbo.audit.services import audit_record
    from dangbo.congresses.services import congress_round_open
    from dangbo.evaluations.services import member_rating_record, review_cycle_lock
    from dangbo.members.services import member_act, member_receive, member_update_profile
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import organization_establish, organization_rename
    from dangbo.planning.services import candidacy_add, position_create
    from dangbo.targets.services import meeting_record, targets_set

    profile = {"full_name": "Trần Thị Mai", "sex": "female", "birth_date": date(1990, 1, 1)}
    return {
        "organization_establish": lambda: organization_establish(
            actor=NOBODY,
            code="W1C",
            name="Chi bộ Khu phố 3",
            kind=Kind.AFFILIATED_CELL,
            sector=Sector.RESIDENTIAL,
            parent=tree.ward,
            effective_on=DAY,
            decision=_decision(),
        ),
        "organization_rename": lambda: organization_rename(
            actor=NOBODY, organization=tree.cell_a, name="Chi bộ mới", effective_on=DAY, decision=_decision()
        ),
        "member_receive": lambda: member_receive(
            actor=NOBODY,
            profile=profile,
            cell=tree.cell_a,
            status="official",
            admitted_on=date(2010, 1, 1),
            official_on=date(2011, 1, 1),
            effective_on=DAY,
            decision_number="3-QĐ/ĐU",
            decision_date=DAY,
        ),
        "member_update_profile": lambda: member_update_profile(
            actor=NOBODY, member=member, changes={"full_name": "Nguyễn Văn Ân"}, expected_version=None
        ),
        "member_act": lambda: member_act(
            actor=NOBODY,
            member=member,
            kind="exemption",
            effective_on=DAY,
            decision_number="4-QĐ/ĐU",
            decision_date=DAY,
        ),
        "targets_set": lambda: targets_set(
            actor=NOBODY, organization=tree.ward, year=2019, values={"new_members": 3}
        ),
        "meeting_record": lambda: meeting_record(
            actor=NOBODY, cell=tree.cell_a, held_on=DAY, kind="regular", topics="Nội dung", attendance={}
        ),
        "position_create": lambda: position_create(
            actor=NOBODY, organization=tree.ward, term=position.term, kind="secretary"
        ),
        "candidacy_add": lambda: candidacy_add(actor=NOBODY, position=position, member=member, added_on=DAY),
        "congress_round_open": lambda: congress_round_open(
            actor=NOBODY, organization=congress_org, term_start=2020, term_end=2025, planned_on=DAY
        ),
        "member_rating_record": lambda: member_rating_record(
            actor=NOBODY, member=member, year=2019, stage="self", rank=1
        ),
        "review_cycle_lock": lambda: review_cycle_lock(
            actor=NOBODY, organization=tree.ward, year=2019, decision_number="7-QĐ/ĐU"
        ),
        "audit_record": lambda: audit_record(actor=NOBODY, action="organization.rename", target=tree.ward),
    }


def test_services_called_with_actor_none_refuse_and_write_nothing(small_tree, make_member, personas):
    from dangbo.planning.models import PlannedPosition, PlanningTerm

    member = make_member(small_tree.cell_a)
    term = PlanningTerm.objects.create(start_year=2025, end_year=2030)
    position = PlannedPosition.objects.create(
        organization=small_tree.ward, term=term, kind="secretary", title="Bí thư", seats=1
    )
    calls = _calls(small_tree, member, position, small_tree.ward)
    for name, call in calls.items():
        before = AuditEntry.objects.count()
        with pytest.raises((TypeError, PermissionDenied)), transaction.atomic():
            call()
        assert AuditEntry.objects.count() == before, f"{name} wrote with actor=NOBODY"
    assert len(calls) >= 13
