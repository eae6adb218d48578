"""The import names no one outside the user's scope (issue 12, finding 1).

The demo's cell secretary uploads a file naming members outside their cell by Dangbo number, CCCD
and card number, each alone and in conflicting pairs, in every sheet that names members: no message
and no cell of the error workbook may carry the name or the CCCD of any member outside the scope,
nor the name of an organization outside it. "Not yours" reads as "not there".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.accounts.models import RoleAssignment, User
from dangbo.accounts.scope import path_filter
from dangbo.imports.plan.base import REFUSED, no_member
from dangbo.imports.services import import_run_check, import_run_create, import_workbook
from dangbo.imports.tests.helpers import xlsx
from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationVersion

pytestmark = pytest.mark.usefixtures("demo")

STRANGER = "Người Thử Nghiệm"  # the name the file gives: no member of the demo bears it
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d{9,}")


def _grams(text: str) -> set[str]:
    """Every run of 2 to 6 words of the text (a Vietnamese full name is 2 to 6 words)."""
    words = _WORD.findall(text)
    return {" ".join(words[i : i + n]) for n in range(2, 7) for i in range(len(words) - n + 1)}


class Scene:
    """The secretary, the members and organizations in and out of their scope, and the file."""

    def __init__(self) -> None:
        self.user = User.objects.get(username="bithu")
        cell = RoleAssignment.objects.get(user=self.user).organization
        self.cell = cell
        inside = Member.objects.filter(path_filter(self.user, "organization__path", personal=True))
        self.inside = list(inside.order_by("pk"))
        self.outside = list(Member.objects.exclude(pk__in=[m.pk for m in self.inside]).order_by("pk"))
        assert len(self.inside) >= 3 and len(self.outside) > 1000
        seen = {o.path for o in Organization.objects.all() if cell.path.startswith(o.path)}
        seen |= set(Organization.objects.filter(path__startswith=cell.path).values_list("path", flat=True))
        shown_names = {m.full_name for m in self.inside} | set(
            OrganizationVersion.objects.filter(organization__path__in=seen).values_list("name", flat=True)
        )
        allowed = set().union(*(_grams(n) for n in shown_names)) | _grams(STRANGER)
        self.secret_names = {m.full_name for m in self.outside} - allowed
        hidden_orgs = Organization.objects.exclude(path__in=seen)
        self.secret_org_names = (
            set(
                OrganizationVersion.objects.filter(organization__in=hidden_orgs).values_list(
                    "name", flat=True
                )
            )
            - allowed
        )
        self.secret_cccds = {m.cccd for m in self.outside if m.cccd}
        assert len(self.secret_names) > 500 and self.secret_cccds and self.secret_org_names
        with_card = [m for m in self.outside if m.party_card_number and m.cccd]
        assert len(with_card) >= 40, "the demo gives members card numbers"
        self.out_a, self.out_b = with_card[0], with_card[1]
        self.in_a, self.in_b = self.inside[0], self.inside[1]
        self.typed: set[str] = set()
        self.hidden_code = hidden_orgs.exclude(code="").values_list("code", flat=True).first()

    def workbook(self) -> bytes:
        cell = self.cell.code
        headers = [
            "Mã Dangbo",
            "Số CCCD",
            "Số thẻ đảng viên",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Ngày vào Đảng",
            "Mã tổ chức",
        ]

        def person(ref: Any = "", cccd: Any = "", card: Any = "", org: Any = cell) -> list[Any]:
            return [ref, cccd, card, STRANGER, "Nam", date(1990, 1, 1), date(2015, 1, 1), org]

        last = max(m.pk for m in [*self.outside, *self.inside]) + 5
        members: list[list[Any]] = [headers]
        members += [person(ref=n) for n in range(1, last)]  # every member of the country, by number
        sample = self.outside[:: max(1, len(self.outside) // 60)]
        members += [person(cccd=m.cccd) for m in sample if m.cccd]  # a CCCD alone: a new member?
        members += [person(card=m.party_card_number) for m in sample if m.party_card_number]
        a, b, i, j = self.out_a, self.out_b, self.in_a, self.in_b
        members += [
            person(cccd=i.cccd, card=a.party_card_number),  # in-scope CCCD, someone else's card
            person(cccd=a.cccd, card=j.party_card_number),  # someone else's CCCD, in-scope card
            person(cccd=a.cccd, card=b.party_card_number),  # two members outside, crossed
            person(ref=i.pk, cccd=b.cccd),
            person(ref=a.pk, card=j.party_card_number),
            person(cccd="079099999991", org=self.hidden_code),  # a cell outside the scope
        ]
        keys: list[tuple[Any, Any, Any]] = [
            ("", a.cccd, ""),
            ("", "", a.party_card_number),
            (a.pk, "", ""),
            ("", i.cccd, b.party_card_number),
            ("", b.cccd, j.party_card_number),
            ("", a.cccd, b.party_card_number),
        ]
        events: list[list[Any]] = [
            ["Mã Dangbo", "Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Sự kiện", "Ngày hiệu lực"]
        ]
        events += [[ref, cccd, card, STRANGER, "Kỷ luật", date(2024, 3, 1)] for ref, cccd, card in keys]
        ratings: list[list[Any]] = [
            ["Mã Dangbo", "Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Năm", "Xếp loại"]
        ]
        ratings += [[ref, cccd, card, STRANGER, 2024, "Hoàn thành tốt nhiệm vụ"] for ref, cccd, card in keys]
        awards: list[list[Any]] = [
            [
                "Mã Dangbo",
                "Số CCCD",
                "Số thẻ đảng viên",
                "Năm",
                "Hình thức khen thưởng",
                "Nội dung khen thưởng",
                "Cấp khen thưởng",
                "Số quyết định",
                "Ngày quyết định",
            ]
        ]
        awards += [
            [
                ref,
                cccd,
                card,
                2024,
                "Giấy khen",
                "Hoàn thành xuất sắc nhiệm vụ",
                "Đảng ủy",
                "1-QĐ",
                date(2025, 1, 5),
            ]
            for ref, cccd, card in keys
        ]
        organizations: list[list[Any]] = [
            [
                "Mã tổ chức",
                "Tên tổ chức",
                "Mã tổ chức cấp trên",
                "Cấp tổ chức",
                "Loại hình",
                "Ngày thành lập",
            ],
            [self.hidden_code, "Chi bộ Thử", cell, "Chi bộ", "Khu dân cư", date(2020, 1, 1)],
            ["THU-MOI", "Chi bộ Thử Mới", self.hidden_code, "Chi bộ", "Khu dân cư", date(2020, 1, 1)],
        ]
        self.typed = {str(row[1]) for sheet in (members, events, ratings, awards) for row in sheet if row[1]}
        return xlsx(
            {
                "Tổ chức": organizations,
                "Đảng viên": members,
                "Quá trình": events,
                "Xếp loại": ratings,
                "Khen thưởng": awards,
            }
        )

    def leaks(self, texts: Iterable[str], *, typed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
        """The secrets found in the texts (`typed`: numbers the file itself holds, echoed as its values)."""
        found: list[str] = []
        grams: set[str] = set()
        numbers: set[str] = set()
        for text in texts:
            grams |= _grams(text)
            numbers |= set(_DIGITS.findall(text))
        found += sorted(grams & self.secret_names)[:5]
        found += sorted(grams & self.secret_org_names)[:5]
        found += sorted((numbers - typed) & self.secret_cccds)[:5]
        return found


@pytest.fixture
def scene(db: None) -> Scene:
    return Scene()


def _lines(outcome: Any) -> list[str]:
    issues = outcome.result.issues
    return [i.message for i in (*issues.errors, *issues.warnings)]


def test_a_cell_secretary_importing_members_outside_the_scope_reads_no_name_no_cccd(scene: Scene) -> None:
    data = scene.workbook()
    for dry_run in (True, False):
        outcome = import_workbook(data, actor=scene.user, filename="do-tham.xlsx", dry_run=dry_run)
        assert not outcome.ok
        messages = _lines(outcome)
        assert len(messages) > len(scene.outside)  # every row was read and answered
        assert scene.leaks(messages) == []
        # "not yours" reads as "not there": a member outside and a number no one holds, the same words
        assert no_member(None, None, scene.out_a.pk) in messages
        last = max(m.pk for m in [*scene.outside, *scene.inside]) + 1  # a number no one holds
        assert no_member(None, None, last) in messages
        assert not any(f"Mã Dangbo {scene.out_a.pk} là" in m for m in messages)
        assert REFUSED in messages  # a CCCD or card held outside the scope is not given again
        assert not any("ngoài phạm vi" in m or "không thuộc phạm vi" in m for m in messages)


def test_the_error_workbook_of_such_a_file_names_no_one_outside_the_scope(scene: Scene) -> None:
    data = scene.workbook()
    run = import_run_create(actor=scene.user, filename="do-tham.xlsx", content=data)
    import_run_check(run=run, actor=scene.user)
    client = Client()
    client.force_login(scene.user)
    response = client.get(reverse("imports_run_issues", args=[run.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = [
        str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v
    ]
    assert len(cells) > len(scene.outside)
    # the value column shows the cell as the file wrote it: the numbers the file holds may be there
    assert scene.leaks(cells, typed=scene.typed) == []


def test_a_viewer_of_a_wider_node_reads_no_personal_data_of_members_they_may_only_count(scene: Scene) -> None:
    """A secretary of the cell who also holds a viewer's role on the whole district: the members of
    the district are counted in their reports, but the import loads none of them."""
    top = Organization.objects.filter(parent__isnull=True).first()
    assert top is not None
    RoleAssignment.objects.create(user=scene.user, organization=top, role=RoleAssignment.Role.VIEWER)
    user = User.objects.get(pk=scene.user.pk)  # no cached scope
    a = scene.out_a
    data = xlsx(
        {
            "Đảng viên": [
                ["Mã Dangbo", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Mã tổ chức"],
                [a.pk, STRANGER, "Nam", date(1990, 1, 1), date(2015, 1, 1), scene.cell.code],
            ]
        }
    )
    outcome = import_workbook(data, actor=user, filename="xem.xlsx", dry_run=True)
    messages = _lines(outcome)
    assert messages == [no_member(None, None, a.pk)]
    assert a.full_name not in " ".join(messages)
