"""No stored value breaks a page: odd values written straight through the ORM (bypassing every form, as an
old import, the API before its checks or a database edit could leave them), then every URL pattern of the
project requested (GET) as the district's officer and as a cell secretary, with every format of the
reports and exports; no answer may be a 5xx, and every XLSX or DOCX answered must open.

The world (tree, members, ratings, plans, congresses, meetings, import runs, tokens) is the scope matrix's
(tests/test_scope_matrix.py), so that every pattern gets real ids; its coverage test makes sure a new URL
gets a Case there, and with it a request here.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import test_scope_matrix
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from test_scope_matrix import MATRIX, PERSONAS, World, targets

world = test_scope_matrix.world  # the scope matrix's fixture, used here too

CONTROL = "Nguyễn\x1b Văn\x00 Một\x07"
if connection.vendor == "postgresql":  # PostgreSQL cannot hold NUL in text: such a value cannot be stored
    CONTROL = CONTROL.replace("\x00", "")
INVISIBLE = "Trần\u200b Thị\u202e Hai\u2066\u200f"
COMBINING = "\u0301\u0303\u0323"
FORMULA = "=1+1"
HYPERLINK = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"
LONG = "Đảng viên " * 500  # 5.000 characters
TEXTS = (CONTROL, INVISIBLE, "", LONG, FORMULA, SCRIPT, COMBINING, HYPERLINK)
EARLIEST, LATEST = date(1, 1, 1), date(9999, 12, 31)

# the formats each page offers beside HTML
FORMATS: dict[str, list[dict[str, str]]] = {
    "report_year": [{"dinh_dang": f} for f in ("docx", "xlsx", "json", "text")],
    "targets_index": [{"dinh_dang": f} for f in ("xlsx", "json", "text")],
    "meetings_index": [{"dinh_dang": "xlsx"}],
    "member_list": [{"tinh-trang": "tat-ca"}],
    "imports_export_members": [{"tinh-trang": "tat-ca"}],
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fit(model: type[models.Model], field: str, value: str) -> str:
    """The value cut to the column's length (PostgreSQL holds no more; a TextField takes it whole)."""
    limit = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    return value[:limit] if limit else value


def _store(model: type[models.Model], pk: int, **values: Any) -> None:
    fitted = {k: _fit(model, k, v) if isinstance(v, str) else v for k, v in values.items()}
    model._default_manager.filter(pk=pk).update(**fitted)


def _text(n: int) -> str:
    return TEXTS[n % len(TEXTS)]


def _date(n: int) -> date:
    return EARLIEST if n % 2 == 0 else LATEST


def store_odd_values(world: World) -> None:
    """Every member, organization, event, rating, award and meeting of the world given odd texts and the
    earliest and latest dates a date column holds."""
    from dangbo.evaluations.models import Award, MemberRating, OrganizationRating
    from dangbo.members.models import Member, MemberEvent
    from dangbo.organizations.models import Organization, OrganizationVersion
    from dangbo.targets.models import Meeting

    for n, member in enumerate(Member.objects.order_by("pk")):
        _store(
            Member,
            member.pk,
            full_name=_text(n),
            birth_name=_text(n + 1),
            aliases=_text(n + 2),
            birth_place=_text(n + 3),
            hometown=_text(n + 4),
            residence=_text(n + 5),
            ethnicity=_text(n + 6),
            religion=_text(n + 7),
            profession=_text(n + 1),
            occupation=_text(n + 2),
            notes=LONG,
            birth_date=_date(n),
            admitted_on=_date(n),
            official_on=_date(n + 1),
        )
    for n, event in enumerate(MemberEvent.objects.order_by("pk")):
        _store(
            MemberEvent,
            event.pk,
            decision_date=_date(n),
            decision_number=_text(n),
            issued_by=_text(n + 1),
            note=_text(n + 3),
        )
    for n, rating in enumerate(MemberRating.objects.order_by("pk")):
        _store(
            MemberRating,
            rating.pk,
            decision_date=_date(n),
            decision_number=_text(n),
            override_reason=_text(n + 3),
            self_assessment=LONG,
        )
    for n, org_rating in enumerate(OrganizationRating.objects.order_by("pk")):
        _store(OrganizationRating, org_rating.pk, decision_date=_date(n), decision_number=_text(n))
    for n, award in enumerate(Award.objects.order_by("pk")):
        _store(Award, award.pk, decision_date=_date(n), title=_text(n), given_by=_text(n + 1))
    for n, organization in enumerate(Organization.objects.order_by("pk")):
        name = _fit(Organization, "name", _text(n))
        Organization.objects.filter(pk=organization.pk).update(name=name)
        OrganizationVersion.objects.filter(organization_id=organization.pk).update(name=name)
    for n, meeting in enumerate(Meeting.objects.order_by("pk")):
        _store(Meeting, meeting.pk, topics=_text(n))


def _requests(persona: str, world: World) -> list[tuple[str, str, dict[str, str], bool]]:
    """(url name, url, query, with the API token) for every URL pattern: on the persona's own nodes,
    and for the officer on the whole district too."""
    p = PERSONAS[persona]
    made = []
    for url_name, case in MATRIX.items():
        nodes = [node for side, node in targets(case, p) if side != "out"]
        if case.target in ("org", "committee") and persona == "officer":
            nodes.append("D")
        for node in nodes:
            try:
                kwargs = case.kwargs(world, node or "", persona)
            except KeyError:  # no object of that kind on the district itself
                continue
            url = reverse(url_name, kwargs=kwargs or None)
            query = case.query(world, node or "", persona)
            for extra in [{}, *FORMATS.get(url_name, [])]:
                made.append((url_name, url, {**query, **extra}, case.token))
    return made


def _check_file(response: Any) -> str | None:
    """Why a downloaded workbook or document does not open (None: it opens)."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    try:
        if content_type.startswith(XLSX):
            load_workbook(io.BytesIO(content))
        elif content_type.startswith(DOCX):
            Document(io.BytesIO(content))
    except Exception as error:  # noqa: BLE001 - any reason is a failure to report
        return f"{type(error).__name__}: {error}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "secretary_a"])
def test_every_page_and_export_answers_whatever_the_database_holds(persona: str, world: World) -> None:
    store_odd_values(world)
    session = Client()
    session.force_login(world.users[persona])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[persona]}")
    failures: list[str] = []
    requests = _requests(persona, world)
    assert len({name for name, *_ in requests}) > 60, "the URL patterns were not all reached"
    for url_name, url, query, token in requests:
        where = f"GET {url} {query} ({url_name})"
        try:
            response = (api if token else session).get(url, query)
        except Exception as error:  # noqa: BLE001 - the test client re-raises what the view raised
            failures.append(f"{where}: {type(error).__name__}: {str(error)[:200]}")
            continue
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
        elif response.status_code == 200 and (broken := _check_file(response)):
            failures.append(f"{where}: the file does not open: {broken}")
    assert not failures, f"{len(failures)} failures as {persona}:\n" + "\n".join(failures)
