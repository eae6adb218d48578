"""Locust's users for bench/loadtest.py: a district officer of the demo on the pages of the menu.

Each user signs in through the login form (the CSRF token of the page, then the session cookie) when
it starts, then opens the pages of PAGES in turn from a place of its own in the list, waiting between
two pages a random time of mean LOAD_THINK seconds (uniform from 0,5 to 1,5 times it; none when 0).
A page counts as failed when its status is not 200 or it lacks the text that proves it is the page
asked for (a redirect to the login page, an error page). The login, the password and the ward come
from LOAD_USERNAME, LOAD_PASSWORD, LOAD_WARD.

Run by bench/loadtest.py (locust --headless -f bench/locustfile.py …); not a test.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import FastHttpUser, between, constant, task
from locust.exception import StopUser

THINK = float(os.environ.get("LOAD_THINK", "5"))
USERNAME = os.environ.get("LOAD_USERNAME", "bantochuc")
PASSWORD = os.environ.get("LOAD_PASSWORD", "dangbo2019")
WARD = os.environ.get("LOAD_WARD", "Q9-TT")
DISTRICT = os.environ.get("LOAD_DISTRICT", "Q9")

# (label, path, text the page must contain): the menu of the page header, the links of the home page
# and the pages an officer opens from them, as many times each as a working day sees it
PAGES: list[tuple[str, str, str]] = [
    ("home", "/", "Việc cần làm"),
    ("member list", "/dang-vien/", "Đảng viên"),
    ("organization tree", "/to-chuc/", "Tổ chức"),
    ("a ward's page", f"/to-chuc/{WARD}/", "Tổ chức"),
    ("member search", "/dang-vien/?q=nguyen+van", "Đảng viên"),
    ("review", "/danh-gia/", "Đánh giá"),
    ("member list, a ward", f"/dang-vien/?org={WARD}", "Đảng viên"),
    ("year's report, district", f"/bao-cao/danh-gia/?org={DISTRICT}&nam=2019", "5.852"),
    ("targets", "/chi-tieu/", "Chỉ tiêu"),
    ("home", "/", "Việc cần làm"),
    ("member list, page 3", "/dang-vien/?trang=3", "Đảng viên"),
    ("cell meetings", "/sinh-hoat/", "Sinh hoạt"),
    ("review of a ward", f"/danh-gia/2019/to-chuc/{WARD}/", "Đánh giá"),
    ("planning", "/quy-hoach/", "Quy hoạch"),
    ("congresses", "/dai-hoi/", "Đại hội"),
    ("dashboard", f"/bao-cao/tong-quan/?org={DISTRICT}", "Tổng quan"),
    ("year's report, a ward", f"/bao-cao/danh-gia/?org={WARD}&nam=2019", "Báo cáo"),
    ("Excel", "/nhap-xuat/", "Nhập"),
    ("header search", "/tim-kiem/?tim=tran", "Tìm"),
    ("admissions", "/phat-trien-dang-vien/", "Phát triển đảng viên"),
    ("conversions due", "/dang-vien/chuyen-chinh-thuc/", "chính thức"),
    ("statistics", "/thong-ke/", "Thống kê"),
    ("badges", "/huy-hieu/", "Huy hiệu"),
    ("check figures", "/bao-cao/kiem-tra-so-lieu/", "Kiểm tra"),
    ("dues", f"/dang-phi/?org={DISTRICT}&nam=2026", "Đảng phí"),
    ("audit log", "/nhat-ky/", "Nhật ký"),
]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_places = itertools.count()


class Officer(FastHttpUser):
    """A district officer (bantochuc) reading the pages of the menu."""

    wait_time = between(0.5 * THINK, 1.5 * THINK) if THINK else constant(0)

    def on_start(self) -> None:
        self.index = next(_places) * 7 % len(PAGES)  # users do not all open the same page together
        with self.client.get("/dang-nhap/", name="sign in (form)", catch_response=True) as response:
            found = CSRF_INPUT.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"the login page answered {response.status_code}")
                raise StopUser()
        with self.client.post(
            "/dang-nhap/",
            data={"csrfmiddlewaretoken": found.group(1), "username": USERNAME, "password": PASSWORD},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"signing in as {USERNAME} answered {response.status_code}")
                raise StopUser()

    @task
    def next_page(self) -> None:
        label, path, marker = PAGES[self.index % len(PAGES)]
        self.index += 1
        with self.client.get(path, name=label, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif marker not in (response.text or ""):
                response.failure("unexpected page")
