"""The demo's 2019 review, exported to Excel and imported into an empty database, gives the same report.

    .venv/bin/python -m dangbo.imports.roundtrip_demo [--keep DIR]

Runs on a SQLite database of its own in a temporary directory (never on the configured one): loads
the demo (Đảng bộ Quận 9, 2014–2019), computes the 2019 report of Q9, exports the tree and the
register as of 31/12/2019 and the 2019 ratings and commendations, empties the database, imports the
three workbooks as a system administrator, computes the report again and compares the two.
Prints the figures and exits with status 1 when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", help="a directory where the exported workbooks are kept")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dangbo-roundtrip-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'roundtrip.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dangbo.accounts.scope import system_actor
    from dangbo.imports import exports
    from dangbo.imports.render import workbook_bytes
    from dangbo.imports.services import import_workbook
    from dangbo.organizations.models import Organization
    from dangbo.reports.selectors import year_report

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    print(f"Demo loaded in {time.perf_counter() - started:.0f} s ({workdir}).")
    actor = system_actor("thử xuất rồi nhập lại dữ liệu mẫu")
    root = Organization.objects.get(code="Q9")
    before = year_report(actor, root, 2019)
    day = date(2019, 12, 31)
    register = exports.register(actor, root, day)
    files = {
        "to-chuc.xlsx": workbook_bytes([exports.organization_sheet(actor, root, day)]),
        "so-dang-vien.xlsx": workbook_bytes(
            [exports.member_sheet(actor, register.members, title="Đảng viên", cells=register.cells)],
            register=register,
        ),
        "xep-loai-2019.xlsx": workbook_bytes(
            [
                exports.member_rating_sheet(actor, root, 2019),
                exports.organization_rating_sheet(actor, root, 2019),
                exports.award_sheet(actor, root, 2019),
            ]
        ),
    }
    if args.keep:
        target = Path(args.keep)
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (target / name).write_bytes(content)
    call_command("flush", interactive=False, verbosity=0)
    for name, content in files.items():
        outcome = import_workbook(content, actor=actor, filename=name)
        if not outcome.ok:
            for issue in outcome.result.issues.errors[:20]:
                print("  ", issue.line())
            print(f"{name}: {len(outcome.result.issues.errors)} errors; nothing written.")
            return 1
        written = outcome.written
        print(
            f"{name}: {outcome.result.total_rows} rows imported in {outcome.seconds:.1f} s "
            f"({written.organizations} organizations, {written.members_new} members, "
            f"{written.member_ratings_new} member ratings, {written.organization_ratings_new} organization "
            f"ratings, {written.awards} awards)."
        )
    after = year_report(actor, Organization.objects.get(code="Q9"), 2019)
    members = after.sections.members
    grassroots = after.sections.grassroots
    print(
        "2019 after the round trip: members "
        + " / ".join(str(level.count) for level in members.levels)
        + f" of {members.evaluated} rated; grassroots organizations "
        + " / ".join(str(level.count) for level in grassroots.levels)
        + f" of {grassroots.total} ({grassroots.exemplary or 0} tiêu biểu)."
    )
    if after != before:
        print("The report differs:")
        print(
            json.dumps(
                {"before": before.as_json(), "after": after.as_json()},
                ensure_ascii=False,
                indent=1,
                default=str,
            )[:4000]
        )
        return 1
    print("The 2019 report is the same after export and import into an empty database.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
