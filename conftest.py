"""Shared fixtures: a small tree and named personas (district officer, secretaries of cell A and B,
an outsider), as in healthchecks' alice/bob/charlie."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


pytest_plugins = ["dangbo.demo.tests.fixtures"]  # the demo fixtures (`demo`), for every app's tests


DEMO_MODULE_PREFIX = "test_demo_"  # a test module that uses the demo is named test_demo_*.py


def _is_demo_module(path: str) -> bool:
    return path.rsplit("/", 1)[-1].startswith(DEMO_MODULE_PREFIX)


def pytest_xdist_make_scheduler(config, log):
    """With --dist loadfile, the modules that use the demo (test_demo_*.py) are one unit of work, run
    by one worker one after the other: the demo is loaded once for the whole run."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class DemoModulesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "test_demo_*.py" if _is_demo_module(scope) else scope

    return DemoModulesTogether(config, log)


def pytest_collection_modifyitems(config, items):
    """The long generated runs (marker `fuzz`) only when asked for by name: -m fuzz. The modules that
    use the demo run last (stable order otherwise), so that each test process loads it once; each is
    named test_demo_*.py, so that the scheduler above can group them."""
    uses_demo = {item.module for item in items if "demo" in getattr(item, "fixturenames", ())}
    misnamed = sorted(m.__name__ for m in uses_demo if not _is_demo_module(m.__file__.replace("\\", "/")))
    if misnamed:
        raise pytest.UsageError(
            f"A module that uses the demo must be named {DEMO_MODULE_PREFIX}*.py: {misnamed}"
        )
    items.sort(key=lambda item: item.module in uses_demo)
    if "fuzz" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="long run: choose it with -m fuzz")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the first test of a module that does not use the demo, and before that module's
    fixtures, the demo loaded by an earlier module is rolled back (dangbo/demo/tests/fixtures.py)."""
    from dangbo.demo.tests.fixtures import CURRENT

    if CURRENT and "demo" not in getattr(item, "fixturenames", ()) and not CURRENT[0].module_open:
        CURRENT[0].unload()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def outside_transaction(monkeypatch):
    """The test runs in pytest-django's transaction; a page's request does not: kept() keeps
    (dangbo/audit/figures.py keeps nothing inside a transaction)."""
    from django.core.cache import cache

    from dangbo.audit import figures

    cache.clear()
    monkeypatch.setattr(figures, "_in_transaction", lambda: False)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_kept_figures():
    """Figures kept in the cache (dangbo/audit/figures.py) are named by the latest audit entries;
    between tests the database is rolled back and those ids come again: each test starts empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """A queued task (an import's check or write) runs when it is queued, in the test's process;
    the tests of the queue and the worker set the database backend (django-tasks-db) back:
    dangbo/imports/tests/test_web_import.py, test_abandoned_runs.py, test_progress.py, and
    test_jobs.py across processes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class SmallTree:
    district: object
    ward: object
    cell_a: object
    cell_b: object
    school: object
    other_ward: object
    other_cell: object


def _system(reason: str = "kiểm thử: dựng dữ liệu chung (cây nhỏ, đảng viên)"):
    """The explicit system actor of the shared set-up (the tree and members exist before any user)."""
    from dangbo.accounts.scope import system_actor

    return system_actor(reason)


def _decision(number: str = "01-QĐ/QU", day: date = date(2015, 1, 1)):
    from dangbo.organizations.services import Decision

    return Decision(number=number, date=day)


@pytest.fixture
def small_tree(db) -> SmallTree:
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import organization_establish

    start = date(2015, 1, 1)

    def make(code, name, kind, sector, parent):
        return organization_establish(
            actor=_system(),
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            effective_on=start,
            decision=_decision(),
        )

    district = make("D", "Đảng bộ Quận Thử", Kind.DISTRICT, Sector.OTHER, None)
    ward = make("W1", "Đảng bộ phường An Bình", Kind.GRASSROOTS_COMMITTEE, Sector.WARD, district)
    cell_a = make("W1A", "Chi bộ Khu phố 1", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
    cell_b = make("W1B", "Chi bộ Khu phố 2", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, ward)
    school = make("S1", "Chi bộ Trường THPT Đông Hòa", Kind.GRASSROOTS_CELL, Sector.PUBLIC_SCHOOL, district)
    other_ward = make("W2", "Đảng bộ phường Bình Đức", Kind.GRASSROOTS_COMMITTEE, Sector.WARD, district)
    other_cell = make("W2A", "Chi bộ Khu phố 5", Kind.AFFILIATED_CELL, Sector.RESIDENTIAL, other_ward)
    return SmallTree(district, ward, cell_a, cell_b, school, other_ward, other_cell)


@pytest.fixture
def make_member(db):
    from dangbo.members.services import member_receive

    counter = {"n": 0}

    def make(
        cell,
        full_name="Nguyễn Văn An",
        *,
        status="official",
        admitted=date(2005, 3, 2),
        on=date(2015, 1, 1),
        **profile,
    ):
        counter["n"] += 1
        data = {"full_name": full_name, "sex": "male", "birth_date": date(1980, 5, 17)}
        data.update(profile)
        return member_receive(
            actor=_system(),
            profile=data,
            cell=cell,
            status=status,
            admitted_on=admitted,
            official_on=date(admitted.year + 1, admitted.month, admitted.day)
            if status == "official"
            else None,
            effective_on=on,
            decision_number=f"{counter['n']:02d}-QĐ/ĐU",
            decision_date=on,
        )

    return make


def _user(username: str, role: str | None = None, organization=None, superuser: bool = False):
    from dangbo.accounts.models import RoleAssignment, User

    user = User.objects.create_user(
        username=username, password="mat-khau-thu-1", is_superuser=superuser, is_staff=superuser
    )
    if role:
        RoleAssignment.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def personas(small_tree):
    from dangbo.accounts.models import RoleAssignment

    Role = RoleAssignment.Role
    return {
        "admin": _user("quantri", superuser=True),
        "officer": _user("bantochuc", Role.COMMITTEE_OFFICER, small_tree.district),
        "ward_staff": _user("phuong1", Role.GRASSROOTS_STAFF, small_tree.ward),
        "secretary_a": _user("bithu_a", Role.CELL_SECRETARY, small_tree.cell_a),
        "secretary_b": _user("bithu_b", Role.CELL_SECRETARY, small_tree.cell_b),
        "viewer": _user("xem", Role.VIEWER, small_tree.district),
        "outsider": _user("nguoingoai", Role.GRASSROOTS_STAFF, small_tree.other_ward),
    }


@pytest.fixture
def officer(personas):
    """The district's committee officer (ban tổ chức), who keeps the records of the whole small tree."""
    return personas["officer"]


@pytest.fixture
def decide_2019():
    """decide_2019([(member, rank), …], commend=member): the year 2019's decisions transcribed (as an
    import would), and that member, rated HTXSNV, commended by the district."""
    from dangbo.evaluations.services import award_record, member_rating_record

    def decide(ranks, *, commend=None):
        for member, rank in ranks:
            member_rating_record(
                actor=_system("kiểm thử: ghi lại quyết định năm 2019 (như khi nhập)"),
                member=member,
                year=2019,
                stage="decision",
                rank=rank,
                decision_number="01-QĐ/ĐU",
                decision_date=date(2019, 12, 20),
                historical=True,
            )
        if commend is not None:
            award_record(
                actor=_system("kiểm thử: ghi lại khen thưởng năm 2019 (như khi nhập)"),
                kind="certificate",
                year=2019,
                title="Đảng viên hoàn thành xuất sắc nhiệm vụ 2019",
                given_by="Quận ủy",
                decision_number="05-QĐ/QU",
                decision_date=date(2020, 1, 15),
                member=commend,
            )

    return decide
