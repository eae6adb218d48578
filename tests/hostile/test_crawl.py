"""Hostile values through every POST form (issue 12, What to build 8): a crawl, in each demo role, of
every page with a POST form, each form posted with one field at a time replaced by a hostile value
(tests/hostile/values.py), on objects inside the role's scope and outside it.

The roles are the demo's logins (README): quantri the administrator, bantochuc the district's officer,
truongthanh a ward's staff, bithu a cell's secretary, xem the district's read-only viewer; they are
played on the scope matrix's world (tests/test_scope_matrix.py: its personas admin, officer,
ward_staff, secretary_a and viewer), whose tree, members and objects give every URL pattern real ids
inside and outside each scope, and whose names are unique, so that a name shown outside the scope is
seen (forbidden_names). The pages are found, not listed: every page of the matrix is requested once as
the administrator and the POST forms found on it are kept (their action, fields and initial values);
each role then requests those pages on its own objects and posts the forms it gets there, or, refused
the page, the administrator's form (the same fields, as a hand-made request would post them), and
posts each form to the same page of an object outside its scope.

The bar, for every request: no 5xx (and no exception); no name outside the role's scope in the
answer; nothing written (no audit entry) unless the answer is the redirect of a success, and nothing
at all outside the scope; and a success never stores a control, zero-width or bidi character. A
destructive form answers its first POST with a dry run and a confirmation page (the field xac-nhan,
web/views/common.submit_confirmed): the crawl never sends xac-nhan, so that page writes nothing either.
Each request runs in a savepoint rolled back afterwards, so that the world stays as it was.

Sampling (deterministic, so that the suite stays under its time): every hostile value is posted to every
form, each time into one field, the fields taken in turn, the roles sharing the values of a form
between them; the values naming another subtree go to the fields that take an id or a code.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
import test_scope_matrix
from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from test_scope_matrix import MATRIX, PERSONAS, World, body_text, forbidden_names, no_method, targets

from hostile.forms import Form, forms_of, post_forms
from hostile.values import NEVER_STORED, QUERY_VALUES, STRINGS, foreign_values, typed_values

world = test_scope_matrix.world  # the scope matrix's fixture, used here too

# demo login -> the matrix's persona playing it
DEMO_ROLES = {
    "quantri": "admin",
    "bantochuc": "officer",
    "truongthanh": "ward_staff",
    "bithu": "secretary_a",
    "xem": "viewer",
}
SKIPPED_ACTIONS = ("/dang-xuat/",)  # signing out ends the crawl's session
# what a page refusing a form shows (web/_form.html), and the confirmation page of a dry run
REFUSED_MARKS = ('class="form-errors"', 'class="error"', 'name="xac-nhan"')
NOT_A_FIELD = ("csrfmiddlewaretoken",)
DENSITY = 2
WRITERS = ["quantri", "bantochuc", "truongthanh", "bithu"]  # the roles that share the values of a form
ID_HINTS = ("org", "member", "destination", "don_vi", "candidate", "code", "dv-", "to_organization", "action")


@dataclass
class Crawl:
    """What a role's crawl did and found."""

    requests: int = 0
    posts: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    url_name: str
    path: str  # the administrator's page, on its own object
    forms: tuple[Form, ...]  # its POST forms
    reads: tuple[str, ...]  # the query parameters it reads, and those its GET forms send


@dataclass
class Site:
    pages: list[Page]  # every HTML page the administrator opens

    @property
    def with_forms(self) -> list[Page]:
        return [page for page in self.pages if page.forms]


class _Recording(QueryDict):
    """request.GET that notes every parameter the view looks up (present or not)."""

    read: ClassVar[set[str]] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)


@pytest.fixture(scope="module")
def site(world: World, django_db_blocker: Any) -> Iterator[Site]:
    """Every page of the matrix opened once by the administrator: its POST forms, and the query
    parameters its view reads (request.GET recorded) or its GET forms send."""
    from django.core.handlers import wsgi

    client = Client()
    pages = []
    patch = pytest.MonkeyPatch()
    patch.setattr(wsgi, "QueryDict", _Recording)  # what WSGIRequest.GET is built with
    try:
        with django_db_blocker.unblock():
            client.force_login(world.users["admin"])
            for url_name, case in MATRIX.items():
                if case.token or case.get is no_method:
                    continue
                for _, node in targets(case, PERSONAS["admin"])[:1]:
                    path = reverse(url_name, kwargs=case.kwargs(world, node or "", "admin") or None)
                    _Recording.read.clear()
                    response = client.get(path, case.query(world, node or "", "admin"))
                    reads = {
                        key for key in _Recording.read if not hasattr(QueryDict, key)
                    }  # not {{ GET.urlencode }}
                    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                        pages.append(Page(url_name, path, (), tuple(sorted(reads))))
                        continue
                    forms = [
                        f
                        for f in forms_of(path, response.content.decode())
                        if f.action not in SKIPPED_ACTIONS
                    ]
                    reads |= {n for f in forms if f.method == "get" and f.action == path for n in f.names}
                    posted = tuple(f for f in forms if f.method == "post")
                    pages.append(Page(url_name, path, posted, tuple(sorted(reads - {"csrfmiddlewaretoken"}))))
    finally:
        patch.undo()
    yield Site(pages)


def _fields(form: Form) -> list[str]:
    return [name for name in form.names if name not in NOT_A_FIELD]


def _id_fields(form: Form) -> list[str]:
    fields = _fields(form)
    found = [
        name
        for name in fields
        if form.kinds.get(name) in ("select", "hidden", "number", "radio", "checkbox")
        or any(hint in name for hint in ID_HINTS)
    ]
    return found or fields


def plan(
    form: Form, key: str, share: int | None, values: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(field, label, value) to post. A writing role (`share`: its place among WRITERS) takes the values
    j of the form with (c + j) % (DENSITY * len(WRITERS)) == share * DENSITY, c fixed by the form's key:
    each value goes to one role, 1 in DENSITY of them to each form (every field gets some, every value
    reaches many forms); into the fields in turn, the values naming another subtree into the id and
    code fields. A role refused the form anyway (`share` None: the viewer, or outside the scope) posts
    one value, the next in turn."""
    fields, ids = _fields(form), _id_fields(form)
    if not fields:
        return [("", "as it is", "")]
    start = zlib.crc32(key.encode())
    cycle = DENSITY * len(WRITERS)
    picked = (
        [j for j in range(len(values)) if (start + j) % cycle == share * DENSITY]
        if share is not None
        else [start % len(values)]
    )
    chosen = []
    for j in picked:
        label, value = values[j]
        targets_ = ids if label.startswith("foreign") else fields
        chosen.append((targets_[(start + j) % len(targets_)], label, value))
    return chosen


def _same_form_elsewhere(form: Form, page: Page, path: str) -> Form | None:
    """The administrator's form as posted on another object's page (forms posting elsewhere: none)."""
    if form.action != page.path:
        return None
    return Form(path, form.fields, form.kinds, form.files)


def _post(
    client: Client,
    crawl: Crawl,
    form: Form,
    name: str,
    label: str,
    value: str,
    *,
    outside: bool,
    hidden: list[str],
) -> None:
    from dangbo.audit.models import AuditEntry

    where = f"POST {form.action} {name or '(as it is)'}={label!r}{' (outside the scope)' if outside else ''}"
    crawl.requests += 1
    crawl.posts += 1
    with transaction.atomic():
        before = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        try:
            response = client.post(form.action, form.data(name or None, value))
        except Exception as error:  # noqa: BLE001 - the test client re-raises what the view raised
            crawl.failures.append(f"{where}: {type(error).__name__}: {str(error)[:300]}")
            transaction.set_rollback(True)
            return
        status = response.status_code
        written = list(AuditEntry.objects.filter(pk__gt=before).values("action", "target_label", "after"))
        transaction.set_rollback(True)
    if status >= 500:
        crawl.failures.append(f"{where}: {status}")
    body = body_text(response) if status == 200 else None
    refused = status >= 400 or (body is not None and any(mark in body for mark in REFUSED_MARKS))
    if written and (outside or refused):
        crawl.failures.append(f"{where}: answered {status} and wrote {[w['action'] for w in written]}")
    if written and label in NEVER_STORED:
        bad = {ch for ch in value if not ch.isprintable()}
        if any(bad & set(text) for text in _strings(written)):
            crawl.failures.append(f"{where}: stored the value with its invisible or control character")
    if body is not None:
        crawl.failures.extend(f"{where}: shows “{n}”" for n in hidden if n in body)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a structure of dicts and lists (an audit entry's before and after)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def crawl_role(login: str, world: World, pages: list[Page]) -> Crawl:
    persona = DEMO_ROLES[login]
    p = PERSONAS[persona]
    client = Client()
    client.force_login(world.users[persona])
    hidden = forbidden_names(p)
    values = STRINGS + foreign_values(world, persona)
    crawl = Crawl()
    for page in pages:
        case = MATRIX[page.url_name]
        for side, node in targets(case, p):
            path = reverse(page.url_name, kwargs=case.kwargs(world, node or "", persona) or None)
            outside = side == "out"
            forms: list[Form] = []
            if not outside:
                crawl.requests += 1
                response = client.get(path, case.query(world, node or "", persona))
                if response.status_code >= 500:
                    crawl.failures.append(f"GET {path}: {response.status_code}")
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    forms = [
                        f
                        for f in post_forms(path, response.content.decode())
                        if f.action not in SKIPPED_ACTIONS
                    ]
            if not forms:  # refused, or outside: the administrator's forms, posted here by hand
                forms = [f for f in (_same_form_elsewhere(f, page, path) for f in page.forms) if f]
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for number, form in enumerate(forms):
                if form.key in seen:
                    continue
                seen.add(form.key)
                share = None if outside or login not in WRITERS else WRITERS.index(login)
                for name, label, value in plan(form, f"{page.url_name} {number}", share, values):
                    _post(client, crawl, form, name, label, value, outside=outside, hidden=hidden)
    return crawl


ROLES = list(DEMO_ROLES.items())


@pytest.mark.django_db
@pytest.mark.parametrize(("login", "persona"), ROLES, ids=[login for login, _ in ROLES])
def test_every_form_field_takes_every_hostile_value_without_a_server_error(
    login: str, persona: str, world: World, site: Site
) -> None:
    form_pages = site.with_forms
    assert len(form_pages) > 30, "the crawl found too few pages with a form"
    started = time.perf_counter()
    crawl = crawl_role(login, world, form_pages)
    seconds = time.perf_counter() - started
    print(f"\n{login} ({persona}): {crawl.requests} requests, {crawl.posts} POSTs, {seconds:.1f} s")
    assert crawl.posts > len(form_pages)
    assert not crawl.failures, f"{len(crawl.failures)} failures as {login}:\n" + "\n".join(
        crawl.failures[:200]
    )


# --- query strings --------------------------------------------------------------------------------

# the values each (page, parameter) gets in each role, in turn for each parameter's name (so that a
# name read by several pages gets them all); the officer also gives each year and day parameter every
# out-of-range year or day
QUERY_SHARE = {"bantochuc": 3, "bithu": 1}
FULL_QUERY_ROLES = ("bantochuc",)
# parameters every list or report page reads (a check that the recording sees them)
COMMON_READS = {"org", "nam", "ngay", "trang", "q", "tu-ngay", "den-ngay", "dinh_dang"}


@pytest.mark.django_db
@pytest.mark.parametrize("login", list(QUERY_SHARE))
def test_every_query_parameter_of_every_page_takes_out_of_range_values(
    login: str, world: World, site: Site
) -> None:
    """Every page (GET) with hostile values (out-of-range days and years, 2**63, control characters,
    2.000 digits…) on each query parameter it reads, the others as the page is normally asked: no 5xx,
    no name outside the scope. The API's GET endpoints take their query parameters from the schema."""
    persona = DEMO_ROLES[login]
    p = PERSONAS[persona]
    client = Client()
    client.force_login(world.users[persona])
    api = Client(headers={"Authorization": f"Bearer {world.tokens[persona]}"})
    hidden = forbidden_names(p)
    read = {key for page in site.pages for key in page.reads}
    assert read >= COMMON_READS, f"parameters no page was seen reading: {COMMON_READS - read}"
    failures: list[str] = []
    requests = 0
    started = time.perf_counter()
    chosen = list(_query_targets(world, site, persona))
    assert sum(1 for *_, token in chosen if token) >= 6, "the API's GET endpoints were not all found"
    turn: dict[str, int] = {}  # per parameter name: the values it had, so that all come in turn
    for url_name, path, base, keys, token in chosen:
        for key in keys:
            values = list(typed_values(key)) if login in FULL_QUERY_ROLES else []
            for _ in range(QUERY_SHARE[login]):
                n = turn[key] = turn.get(key, zlib.crc32(key.encode())) + 1
                values.append(QUERY_VALUES[n % len(QUERY_VALUES)])
            for label, value in values:
                where = f"GET {path} {key}={label!r} ({url_name})"
                requests += 1
                try:
                    response = (api if token else client).get(path, {**base, key: value})
                except Exception as error:  # noqa: BLE001 - the test client re-raises what the view raised
                    failures.append(f"{where}: {type(error).__name__}: {str(error)[:300]}")
                    continue
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code}")
                body = body_text(response) if response.status_code == 200 else None
                if body is not None:
                    failures.extend(f"{where}: shows “{n}”" for n in hidden if n in body)
    pairs = sum(len(keys) for *_, keys, _ in chosen)
    print(
        f"\n{login}: {len(chosen)} pages, {pairs} parameters, {requests} GET requests, {time.perf_counter() - started:.1f} s"
    )
    for url_name, _, _, keys, _ in chosen:
        print(f"  {url_name}: {', '.join(keys)}")
    assert not failures, f"{len(failures)} failures as {login}:\n" + "\n".join(failures)


def _query_targets(
    world: World, site: Site, persona: str
) -> Iterator[tuple[str, str, dict[str, Any], tuple[str, ...], bool]]:
    """(URL name, path, the page's usual query, the parameters to try, through the API) of every page
    on an object inside the persona's scope, and of every GET endpoint of the API."""
    from dangbo.api.api import api

    p = PERSONAS[persona]
    for page in site.pages:
        case = MATRIX[page.url_name]
        for side, node in targets(case, p)[:1]:
            if side == "out":
                continue
            path = reverse(page.url_name, kwargs=case.kwargs(world, node or "", persona) or None)
            yield page.url_name, path, case.query(world, node or "", persona), page.reads, False
    schema = api.get_openapi_schema()
    for url_name, case in MATRIX.items():
        if not case.token or case.get is no_method or not case.signed_in_only:
            continue
        node = next((n for side, n in targets(case, p) if side != "out"), None)
        path = reverse(url_name, kwargs=case.kwargs(world, node or "", persona) or None)
        template = next(
            (t for t in schema["paths"] if "get" in schema["paths"][t] and _matches(t, path)), None
        )
        if template is None:
            continue
        keys = tuple(
            q["name"] for q in schema["paths"][template]["get"].get("parameters", []) if q["in"] == "query"
        )
        yield url_name, path, case.query(world, node or "", persona), keys, True


def _matches(template: str, path: str) -> bool:
    """Whether the OpenAPI path template ("/api/members/{member_id}") is that of the path."""
    import re

    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
    return re.match(pattern, path) is not None
