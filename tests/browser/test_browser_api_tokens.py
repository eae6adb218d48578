"""The “Mã API” page of the user's menu in a real browser: create a token, copy it, use it, revoke it."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.browser


def test_a_secretary_creates_uses_and_revokes_a_token(login, shot, people_for_api):
    page = login("secretary_a")
    page.click("text=Mã API")
    page.wait_for_url("**/tai-khoan/ma-api/")
    page.fill("#id_name", "Phần mềm văn phòng chi bộ")
    page.click("button:has-text('Tạo mã')")
    token = page.input_value("input.token-value")
    assert token.startswith("dbo_")
    shot(page, "api-token-created")
    me = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/members").json()
    assert [m["full_name"] for m in me["items"]] == ["Nguyễn Văn An"]
    assert me["items"][0]["cccd"] == "********1234"
    page.click("button:has-text('Thu hồi')")
    page.wait_for_selector("text=Đã thu hồi mã")
    shot(page, "api-token-revoked")
    assert Client(headers={"Authorization": f"Bearer {token}"}).get("/api/members").status_code == 401


@pytest.fixture
def people_for_api(small_tree, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    make_member(small_tree.cell_b, "Lê Văn Cường")
