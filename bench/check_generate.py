"""Checks of the generator (run by hand, not collected by pytest):

    .venv/bin/python -m bench.check_generate [--postgres postgres://postgres@127.0.0.1:5432/dangbo_bench_check]

Generates a small data set into SQLite (and PostgreSQL if given) in separate processes and checks that
- the tree is well formed: paths, depths, kinds allowed under their parents, founding dates in order;
- each member's state and MemberPeriod rows are exactly what dangbo.members.lifecycle.replay derives
  from the member's events, and the derived text (search_text, sort_key, name parts) is what
  dangbo.members.services.derived_text computes; names are NFC; CCCDs have 12 digits, unique, with
  the century and sex digit matching the birth date and sex; admissions at 18 to 60 into a cell that
  was active that day;
- the data are the same whatever the number of worker processes and the database, and change with the seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from typing import Any

from bench.common import DATA_DIR

MEMBERS, GRASSROOTS = 4_000, 30


def _digest(rows: Any) -> str:
    digest = hashlib.sha256()
    for row in rows:
        # jsonb (PostgreSQL) orders the keys of a JSON object its own way
        values = tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict) else v for v in row)
        digest.update(repr(values).encode())
    return digest.hexdigest()[:16]


def check_database(sample: int) -> dict[str, Any]:  # noqa: C901 - a list of independent checks
    import unicodedata
    from datetime import date

    from dangbo.core.dates import OPEN_END, add_months
    from dangbo.members import lifecycle
    from dangbo.members.models import Member, MemberEvent, MemberPeriod
    from dangbo.members.services import derived_text
    from dangbo.organizations.models import (
        ALLOWED_CHILDREN,
        CELL_KINDS,
        GRASSROOTS_KINDS,
        Organization,
        OrganizationVersion,
    )

    problems: list[str] = []

    def fail(message: str) -> None:
        if len(problems) < 30:
            problems.append(message)

    # The tree
    versions = {v.organization_id: v for v in OrganizationVersion.objects.all()}
    for org in Organization.objects.all():
        version = versions[org.pk]
        parent = versions.get(org.parent_id) if org.parent_id else None
        expected = f"{parent.path if parent else '/'}{org.pk}/"
        if version.path != expected or org.path != expected:
            fail(f"{org.code}: path {version.path} != {expected}")
        if version.depth != expected.count("/") - 2:
            fail(f"{org.code}: depth {version.depth}")
        if (version.name, version.kind, version.parent_id) != (org.name, org.kind, org.parent_id):
            fail(f"{org.code}: organization and version differ")
        if parent and version.kind not in ALLOWED_CHILDREN[parent.kind]:
            fail(f"{org.code}: {version.kind} under {parent.kind}")
        if parent and version.valid_from < parent.valid_from:
            fail(f"{org.code}: founded before its parent")
        if version.valid_to != OPEN_END or org.established_on != version.valid_from:
            fail(f"{org.code}: dates")

    # The members
    cells = {v.organization_id: v for v in versions.values() if v.kind in CELL_KINDS}
    members = list(Member.objects.order_by("pk")[:sample])
    ids = [m.pk for m in members]
    events: dict[int, list[MemberEvent]] = {}
    for event in MemberEvent.objects.filter(member_id__in=ids).order_by("member_id", "effective_on", "pk"):
        events.setdefault(event.member_id, []).append(event)
    periods: dict[int, list[tuple]] = {}
    for p in MemberPeriod.objects.filter(member_id__in=ids).order_by("member_id", "valid_from"):
        periods.setdefault(p.member_id, []).append(
            (p.organization_id, p.temporary_organization_id, p.status, p.exempted, p.valid_from, p.valid_to)
        )
    kinds: Counter[str] = Counter()
    for member in members:
        history = events.get(member.pk, [])
        kinds.update(
            {"+".join(e.kind for e in history if e.kind in ("admission", "official", "transfer_in"))}
        )
        facts = [
            lifecycle.EventFact(e.kind, e.effective_on, e.to_organization_id, e.details) for e in history
        ]
        try:
            state, derived = lifecycle.replay(facts)
        except lifecycle.LifecycleError as error:
            fail(f"member {member.pk}: {error.message}")
            continue
        got_state = (
            member.status,
            member.organization_id,
            member.temporary_organization_id,
            member.exempted,
            member.admitted_on,
            member.official_on,
            member.ended_on,
        )
        want_state = (
            state.status,
            state.organization_id,
            state.temporary_organization_id,
            state.exempted,
            state.admitted_on,
            state.official_on,
            state.ended_on,
        )
        if got_state != want_state:
            fail(f"member {member.pk}: state {got_state} != replay {want_state}")
        want_periods = [
            (
                p.organization_id,
                p.temporary_organization_id,
                p.status,
                p.exempted,
                p.valid_from,
                p.valid_to or OPEN_END,
            )
            for p in derived
        ]
        if periods.get(member.pk, []) != want_periods:
            fail(f"member {member.pk}: periods {periods.get(member.pk)} != replay {want_periods}")
        for e, source in zip(history, lifecycle.event_sources(facts), strict=True):
            if e.from_organization_id != source:
                fail(f"member {member.pk}: from_organization of {e.kind}")
            if e.to_organization_id:
                cell = cells.get(e.to_organization_id)
                if cell is None or not (cell.valid_from <= e.effective_on < cell.valid_to):
                    fail(f"member {member.pk}: {e.kind} into a cell not active on {e.effective_on}")
        admission = next((e for e in history if e.kind == "admission"), None)
        official = next((e for e in history if e.kind == "official"), None)
        if admission and official:
            ceremony = date.fromisoformat(admission.details["ceremony_on"])
            if ceremony < admission.effective_on or official.effective_on != add_months(ceremony, 12):
                fail(f"member {member.pk}: official on {official.effective_on}, ceremony {ceremony}")
        if member.organization_id not in cells:
            fail(f"member {member.pk}: not in a cell")
        copy = Member(
            full_name=member.full_name, cccd=member.cccd, party_card_number=member.party_card_number
        )
        derived_text(copy)
        for name in ("surname", "middle_name", "given_name", "search_text", "sort_key"):
            if getattr(copy, name) != getattr(member, name):
                fail(f"member {member.pk}: {name} {getattr(member, name)!r} != {getattr(copy, name)!r}")
        if unicodedata.normalize("NFC", member.full_name) != member.full_name:
            fail(f"member {member.pk}: name not NFC")
        cccd = member.cccd or ""
        century_sex = (0 if member.birth_date.year < 2000 else 2) + (1 if member.sex == "female" else 0)
        if (
            len(cccd) != 12
            or not cccd.isdigit()
            or cccd[3] != str(century_sex)
            or cccd[4:6] != f"{member.birth_date.year % 100:02d}"
        ):
            fail(f"member {member.pk}: CCCD {cccd}")
        if (
            add_months(member.birth_date, 18 * 12) > member.admitted_on
            or add_months(member.birth_date, 60 * 12) <= member.admitted_on
        ):
            fail(f"member {member.pk}: admitted at the wrong age")
        if member.admitted_on > date(2025, 6, 30):
            fail(f"member {member.pk}: admitted after the reference day")

    total = Member.objects.count()
    if Member.objects.values("cccd").distinct().count() != total:
        fail("CCCD not unique")
    statuses = Counter(Member.objects.values_list("status", flat=True))
    return {
        "problems": problems,
        "members": total,
        "grassroots": Organization.objects.filter(kind__in=GRASSROOTS_KINDS).count(),
        "organizations": Organization.objects.count(),
        "statuses": dict(statuses),
        "entry_events": dict(kinds),
        "checked_members": len(members),
        "digest": {
            "organizations": _digest(
                OrganizationVersion.objects.order_by("pk").values_list(
                    "pk", "name", "kind", "parent_id", "path", "valid_from"
                )
            ),
            "members": _digest(
                Member.objects.order_by("pk").values_list(
                    "pk",
                    "full_name",
                    "sex",
                    "birth_date",
                    "cccd",
                    "status",
                    "organization_id",
                    "admitted_on",
                    "official_on",
                    "ended_on",
                    "exempted",
                    "search_text",
                )
            ),
            "events": _digest(
                MemberEvent.objects.order_by("pk").values_list(
                    "pk",
                    "member_id",
                    "kind",
                    "effective_on",
                    "from_organization_id",
                    "to_organization_id",
                    "details",
                )
            ),
            "periods": _digest(
                MemberPeriod.objects.order_by("pk").values_list(
                    "pk", "member_id", "organization_id", "status", "exempted", "valid_from", "valid_to"
                )
            ),
        },
    }


def _worker(args: argparse.Namespace) -> None:
    from bench import generate

    generate.main(
        ["--members", str(MEMBERS), "--grassroots", str(GRASSROOTS), "--seed", str(args.seed)]
        + ["--jobs", str(args.jobs), "--migrate", "--reset"]
    )
    print("RESULT " + json.dumps(check_database(MEMBERS), default=str))


def _run(database_url: str, jobs: int, seed: int = 1) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [
        sys.executable,
        "-m",
        "bench.check_generate",
        "--worker",
        "--jobs",
        str(jobs),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line[len("RESULT ") :])
            return result
    raise SystemExit(f"{database_url} jobs={jobs}: failed\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def _check_shapes() -> list[str]:
    """Trees of other sizes build, with exactly the grassroots organizations and members asked for."""
    from bench.tree import PRESETS, build_tree, custom_shape

    problems = []
    for members, grassroots in ((50, 1), (500, 7), (20_000, 150), (100_000, 2_000)):
        tree = build_tree(custom_shape(members, grassroots), 3)
        if tree.grassroots != grassroots or sum(c.members for c in tree.cells) != members:
            problems.append(
                f"custom {members}/{grassroots}: got {tree.grassroots}/{sum(c.members for c in tree.cells)}"
            )
    for name in ("district", "city"):
        tree = build_tree(PRESETS[name], 1)
        if tree.grassroots != PRESETS[name].grassroots:
            problems.append(f"{name}: {tree.grassroots} grassroots organizations")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres", help="a PostgreSQL database for benchmarks (its name must contain “bench”)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args)
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    sqlite_url = f"sqlite:///{DATA_DIR / 'check-bench.sqlite3'}"
    runs = {
        "sqlite, 1 job": _run(sqlite_url, 1),
        "sqlite, 2 jobs": _run(sqlite_url, 2),
        "sqlite, seed 2": _run(sqlite_url, 2, seed=2),
    }
    if args.postgres:
        runs["postgresql, 2 jobs"] = _run(args.postgres, 2)
    failures = _check_shapes()
    first = runs["sqlite, 1 job"]
    print(
        f"{first['members']} members, {first['grassroots']} grassroots organizations, {first['organizations']} "
        f"organizations; statuses {first['statuses']}; how members entered {first['entry_events']}"
    )
    for name, result in runs.items():
        print(f"{name}: checked {result['checked_members']} members, digest {result['digest']}")
        failures += [f"{name}: {p}" for p in result["problems"]]
        same = result["digest"] == first["digest"]
        if same == ("seed 2" in name):
            failures.append(f"{name}: data {'identical to' if same else 'different from'} the first run")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        raise SystemExit(1)
    print("OK: tree, lifecycle periods, derived text, CCCD, determinism")


if __name__ == "__main__":
    main()
