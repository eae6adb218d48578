"""The import runs of the index (issue 13, item 6): all of the user's runs in pages, newest first,
not only the last ten; another user's runs are not listed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dangbo.imports import services
from dangbo.imports.tests.helpers import MEMBER_HEADERS, xlsx

pytestmark = pytest.mark.django_db


def test_the_runs_come_in_pages_newest_first(as_user, personas):
    data = xlsx({"Đảng viên": [MEMBER_HEADERS]})
    for i in range(30):
        services.import_run_create(actor=personas["officer"], filename=f"tep-{i:02d}.xlsx", content=data)
    services.import_run_create(actor=personas["ward_staff"], filename="cua-phuong.xlsx", content=data)
    client = as_user("officer")
    url = reverse("imports_index")

    def files(**query: str) -> list[str]:
        return re.findall(r">(te[^<]+\.xlsx)</a>", client.get(url, query).content.decode())

    assert files() == [f"tep-{i:02d}.xlsx" for i in range(29, -1, -1)]  # 30 of 30, newest first
    first, second = files(**{"so-dong": "25"}), files(**{"so-dong": "25", "trang": "2"})
    assert (
        first[0] == "tep-29.xlsx"
        and len(first) == 25
        and second == [f"tep-{i:02d}.xlsx" for i in range(4, -1, -1)]
    )
    assert "cua-phuong.xlsx" not in client.get(url).content.decode()
