"""The scope matrix: every URL pattern of the project × every role, inside and outside the role's subtree.

MATRIX maps each URL name to a Case: what the URL names (a cell, a committee, a member, an import run,
or nothing), how to build its kwargs and query string for a node, and the rule of each method. The
expected answer for a persona comes from a model of the tree (TREE) and the roles (PERSONAS) written
here, independent of dangbo/accounts/scope.py (readable, writable, reorganizable), through the rules:

    read        the node is in one of the persona's subtrees (any role)          else 404
    personal    members' personal data on the node (their list, files, ratings by name, attendance,
                candidates): a role there other than the read-only viewer        404 outside, else 403
    personal_anywhere  the same without a node (the whole scope's list): any such role   else 403
    write       ... and a role there that writes (not the viewer)                404 outside, 403 read-only
    reorganize  a writing role on the node's parent (decided by the level above) 404 outside, else 403
    writer      any writing role somewhere (the object comes in the form)        else 403
    superuser   the system administrator only                                    else 403
    read_below  the node or an organization below it is in a subtree (a round of congresses
                opened on the node: one sees it through any of its congresses)   else 404
    audit       the audit trail (it names members): personal_anywhere, then personal  403, or 404 outside
    own_run     import runs: one's own (the administrator: all)                  else 404
    signed_in   any signed-in user; the content is filtered by scope
    public      anyone (login, logout)
    to_login    sent to the login page, whoever asks (the admin site's own login form)
    no_method   the method is not allowed (405): read-only pages refuse POST
    own_only    API tokens: one's own only, even for the administrator               else 404
    nothing     nothing is served there (404), whoever asks

Anonymous requests to anything not public are redirected to the login page. Every request is made
for an object inside the persona's scope and one outside it (GET and POST, POST with an empty form:
nothing may be written, whatever the answer: the audit log must not grow, but for the entry of a
download granted, "export.…", which records who took the file), and every HTML, text or
JSON answer, and the text of every XLSX or DOCX downloaded, is checked for names of organizations and
members the persona may not see: the organizations outside its scope, and the members of every cell
where it sees no personal data (a viewer sees reports and counts, never a member's name). A page
shown to a viewer alone may not link to a URL of personal data (its rule: personal,
personal_anywhere, audit): the top bar and the pages offer it only what it can open.
test_a_viewer_downloads_the_reports_without_a_members_name requests the report files a viewer may
take (the year's report in every format, targets, meetings, organizations' ratings, a round).

The JSON API (/api/, namespace "api", django-ninja) takes only tokens: its Cases are built by API(),
which sets `token` (each persona sends "Authorization: Bearer <its own token>", made in the world
with dangbo.api.services; no session), `anonymous=401`, `method_first` (ninja refuses a method it
does not route, 405, before it authenticates; so does a view whose require_POST wraps its
login_required, the revocation of a token) and ok=(200, 400, 409). A `body` is sent as JSON
(content_type application/json) with POST and the `also` methods instead of an empty form; it is
built so that an allowed request is refused after the scope check (a stale version: 409; a year
before the reviews: 400), never written. `also_rule` gives the `also` methods (PATCH) their own
rule when it is not the POST's. test_the_api_refuses_a_session checks that a session gets 401, and
test_the_api_lists_only_the_scope_without_a_filter the lists without ?org= / ?root=.

Adding a URL: add its Case to MATRIX (test_every_url_pattern_is_in_the_matrix lists those missing),
e.g. for a JSON endpoint of a member taking PATCH:
    "api:member": API(read, target="member", kwargs=by_member, also=("PATCH",), also_rule=write,
                      body={"version": 2**31}),
A new kind of object gets a target and a kwargs builder; a new rule is a function of (persona, node).
The Django admin under quan-tri/ (namespace "admin") is left out by ADMIN_SITE_NAMESPACE: it has its own
permission system (is_staff and model permissions; only the system administrator is staff) and its
refusal of every other persona is tested by test_the_admin_site_refuses_every_persona_but_the_administrator.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from dangbo.accounts.scope import system_actor

SYSTEM = system_actor("kiểm thử: test_scope_matrix")

YEAR = 2019
PLANNING_TERM = "2025-2030"
ADMIN_SITE_NAMESPACE = "admin"
LOGIN_PATH = "/dang-nhap/"

# --- the tree and the personas, as the oracle sees them ---------------------------------------------

# code -> (parent code, name, kind); the tree of conftest's small_tree, plus a second root X outside
# the district (so that the district's officer and viewer have something outside their scope).
TREE: dict[str, tuple[str | None, str, str]] = {
    "D": (None, "Đảng bộ Quận Thử", "district"),
    "W1": ("D", "Đảng bộ phường An Bình", "grassroots_committee"),
    "W1A": ("W1", "Chi bộ Khu phố 1", "affiliated_cell"),
    "W1B": ("W1", "Chi bộ Khu phố 2", "affiliated_cell"),
    "S1": ("D", "Chi bộ Trường THPT Đông Hòa", "grassroots_cell"),
    "W2": ("D", "Đảng bộ phường Bình Đức", "grassroots_committee"),
    "W2A": ("W2", "Chi bộ Khu phố 5", "affiliated_cell"),
    "X": (None, "Đảng bộ Huyện Thử Khác", "district"),
    "XA": ("X", "Chi bộ Ấp Bến Đò", "grassroots_cell"),
}
CELLS = ("W1A", "W1B", "S1", "W2A", "XA")
# one member per cell, each with a name found nowhere else
MEMBER_NAMES = {
    "W1A": "Nguyễn Văn Một",
    "W1B": "Trần Thị Hai",
    "S1": "Lê Văn Ba",
    "W2A": "Phạm Thị Năm",
    "XA": "Hoàng Văn Sáu",
}
# a second member per cell (an election's list needs more candidates than places), not rated
SECOND_NAMES = {
    "W1A": "Đỗ Thị Bảy",
    "W1B": "Vũ Văn Tám",
    "S1": "Bùi Thị Chín",
    "W2A": "Đinh Văn Mười",
    "XA": "Lý Thị Mười Một",
}
OWN, OTHER = "own", "other"  # the nodes of an import run: one's own run, someone else's


@dataclass(frozen=True)
class Persona:
    roles: tuple[tuple[str, str], ...] = ()  # (role, organization code)
    superuser: bool = False
    anonymous: bool = False
    cells_in: tuple[str, ...] = ("W1A",)  # cells inside the scope the matrix tries
    committee_in: str | None = "W1"  # a committee inside the scope (None: the scope has none)
    cell_out: str | None = None  # a cell outside the scope (None: nothing is outside)
    committee_out: str | None = None


PERSONAS: dict[str, Persona] = {
    "anonymous": Persona(anonymous=True, cell_out="W1A", committee_out="W1"),
    "admin": Persona(superuser=True),
    "officer": Persona((("committee_officer", "D"),), cell_out="XA", committee_out="X"),
    "ward_staff": Persona((("grassroots_staff", "W1"),), cell_out="W2A", committee_out="W2"),
    "secretary_a": Persona((("cell_secretary", "W1A"),), committee_in=None, cell_out="W1B", committee_out="W1"),
    "viewer": Persona((("viewer", "D"),), cell_out="XA", committee_out="X"),
    "outsider": Persona((("grassroots_staff", "W2"),), cells_in=("W2A",), committee_in="W2", cell_out="W1A",
                        committee_out="W1"),
    # several roles at once: the union of their subtrees
    "secretary_and_ward_staff": Persona(
        (("cell_secretary", "W1A"), ("grassroots_staff", "W2")),
        cells_in=("W1A", "W2A"),
        committee_in="W2",
        cell_out="W1B",
        committee_out="W1",
    ),
    # reads the whole district, writes only in its own cell
    "viewer_and_secretary": Persona(
        (("viewer", "D"), ("cell_secretary", "W1A")),
        cells_in=("W1A", "W1B"),
        cell_out="XA",
        committee_out="X",
    ),
}  # fmt: skip


def ancestors_or_self(code: str) -> list[str]:
    chain: list[str] = []
    node: str | None = code
    while node is not None:
        chain.append(node)
        node = TREE[node][0]
    return chain


def readable(p: Persona, code: str) -> bool:
    return p.superuser or any(node in ancestors_or_self(code) for _, node in p.roles)


# the roles that see members' personal data, and those that write: every role but the viewer
PERSONAL_ROLES = WRITING_ROLES = ("committee_officer", "grassroots_staff", "cell_secretary")


def personal_readable(p: Persona, code: str) -> bool:
    return p.superuser or any(
        node in ancestors_or_self(code) for role, node in p.roles if role in PERSONAL_ROLES
    )


def writable(p: Persona, code: str) -> bool:
    return p.superuser or any(
        node in ancestors_or_self(code) for role, node in p.roles if role in WRITING_ROLES
    )


def reorganizable(p: Persona, code: str) -> bool:
    parent = TREE[code][0]
    return p.superuser or (parent is not None and writable(p, parent))


def writes_somewhere(p: Persona) -> bool:
    return p.superuser or any(role in WRITING_ROLES for role, _ in p.roles)


def sees_personal_data(p: Persona) -> bool:
    return p.superuser or any(role in PERSONAL_ROLES for role, _ in p.roles)


def forbidden_names(p: Persona) -> list[str]:
    """Names that must never appear on a page shown to the persona: the organizations neither in its
    scope nor above it, and the members of every cell where it sees no personal data (outside its
    scope, or inside it through a viewer's role only)."""
    if p.superuser:
        return []
    visible = {code for code in TREE if readable(p, code)}
    above = {a for code in visible for a in ancestors_or_self(code)}
    hidden = [code for code in TREE if code not in visible | above]
    unnamed = [code for code in CELLS if not personal_readable(p, code)]
    return (
        [TREE[c][1] for c in hidden] + [MEMBER_NAMES[c] for c in unnamed] + [SECOND_NAMES[c] for c in unnamed]
    )


OK = "ok"
LOGIN = "login"
Expected = str | int
Rule = Callable[[Persona, str | None], Expected]


def public(p: Persona, node: str | None) -> Expected:
    return OK


def to_login(p: Persona, node: str | None) -> Expected:
    return LOGIN


def admin_entry(p: Persona, node: str | None) -> Expected:
    """The admin's login: the login page, but a clear refusal to a signed-in user who is not staff
    (sending them to the login page would loop back)."""
    return LOGIN if p.anonymous or p.superuser else 403


def signed_in(p: Persona, node: str | None) -> Expected:
    return OK


def read(p: Persona, node: str | None) -> Expected:
    assert node is not None
    return OK if readable(p, node) else 404


def personal(p: Persona, node: str | None) -> Expected:
    """Members' personal data on the node: 404 outside the scope, 403 through a viewer's role only."""
    assert node is not None
    if not readable(p, node):
        return 404
    return OK if personal_readable(p, node) else 403


def personal_anywhere(p: Persona, node: str | None) -> Expected:
    """Members' personal data of the whole scope (no node given): refused to a viewer only."""
    return OK if sees_personal_data(p) else 403


def write(p: Persona, node: str | None) -> Expected:
    assert node is not None
    if not readable(p, node):
        return 404
    return OK if writable(p, node) else 403


def reorganize(p: Persona, node: str | None) -> Expected:
    assert node is not None
    if not readable(p, node):
        return 404
    return OK if reorganizable(p, node) else 403


def read_below(p: Persona, node: str | None) -> Expected:
    assert node is not None
    return OK if any(readable(p, code) for code in TREE if node in ancestors_or_self(code)) else 404


def audit(p: Persona, node: str | None) -> Expected:
    return personal(p, node) if sees_personal_data(p) else 403


def writer(p: Persona, node: str | None) -> Expected:
    return OK if writes_somewhere(p) else 403


# the levels that admit members (dangbo/members/authority.py: above the grassroots, or a grassroots
# committee authorized to admit, the default setting); a cell only proposes
ADMITTING_KINDS = ("district", "grassroots_committee")


def admitter(p: Persona, node: str | None) -> Expected:
    return (
        OK
        if p.superuser
        or any(role in WRITING_ROLES and TREE[code][2] in ADMITTING_KINDS for role, code in p.roles)
        else 403
    )


def superuser(p: Persona, node: str | None) -> Expected:
    return OK if p.superuser else 403


def own_run(p: Persona, node: str | None) -> Expected:
    return OK if node == OWN or p.superuser else 404


def own_run_write(p: Persona, node: str | None) -> Expected:
    return own_run(p, node) if writes_somewhere(p) else 403


def no_method(p: Persona, node: str | None) -> Expected:
    return 405


def nothing(p: Persona, node: str | None) -> Expected:
    """Nothing is served there (404), whoever asks: the API's root without its documentation page."""
    return 404


def own_only(p: Persona, node: str | None) -> Expected:
    """API tokens: one's own only (the administrator too: another user's token is not found)."""
    return OK if node == OWN else 404


# --- the matrix -------------------------------------------------------------------------------------


@dataclass
class World:
    """What the matrix requests are built from: organizations by code, the member of each cell, the
    users of the personas and an import run of each (plus one by someone else)."""

    orgs: dict[str, Any]
    members: dict[str, Any]
    users: dict[str, Any]
    runs: dict[str, Any]
    objects: dict[str, dict[str, Any]]  # kind of object -> node -> the object (a meeting of W1A …)
    tokens: dict[str, str]  # persona -> the secret of its API token
    revoked: dict[str, Any]  # persona (and OTHER) -> a token of its own already revoked


Kwargs = Callable[[World, str, str], dict[str, Any]]  # (world, node, persona name) -> kwargs or query


def _none(w: World, node: str, who: str) -> dict[str, Any]:
    return {}


def by_code(w: World, node: str, who: str) -> dict[str, Any]:
    return {"code": node}


def by_year_code(w: World, node: str, who: str) -> dict[str, Any]:
    return {"year": YEAR, "code": node}


def by_member(w: World, node: str, who: str) -> dict[str, Any]:
    return {"member_id": w.members[node].pk}


def by_member_event(w: World, node: str, who: str) -> dict[str, Any]:
    from dangbo.members.models import MemberEvent

    member = w.members[node]
    return {"member_id": member.pk, "event_id": MemberEvent.objects.filter(member=member).first().pk}  # type: ignore[union-attr]


def by_establishment(w: World, node: str, who: str) -> dict[str, Any]:
    """The decision that established the node (its correction is decided where it was: the parent)."""
    from dangbo.organizations.models import OrganizationEvent

    event = OrganizationEvent.objects.get(organization__code=node, action="establish")
    return {"code": node, "event_id": event.pk}


def grassroots_write(p: Persona, node: str | None) -> Expected:
    """A member's event decided at the grassroots level (its record came in: tiếp nhận): written by
    those who keep the grassroots organization's records, not by the cell (dangbo/members/authority.py)."""
    assert node is not None
    if not readable(p, node):
        return 404
    if not writable(p, node):
        return 403
    grassroots = node if TREE[node][2] == "grassroots_cell" else TREE[node][0]
    return OK if grassroots is not None and writable(p, grassroots) else 403


def by_run(w: World, node: str, who: str) -> dict[str, Any]:
    return {"run_id": w.runs[who if node == OWN and who in w.runs else OTHER].pk}


def by_token(w: World, node: str, who: str) -> dict[str, Any]:
    """One's own token already revoked (revoking it again is refused, nothing written), or another's."""
    return {"token_id": w.revoked[who if node == OWN and who in w.revoked else OTHER].pk}


def by_object(kind: str, key: str) -> Kwargs:
    """kwargs {key: pk} of the world's object of that kind on the node."""

    def kwargs(w: World, node: str, who: str) -> dict[str, Any]:
        return {key: w.objects[kind][node].pk}

    return kwargs


def by_code_term(w: World, node: str, who: str) -> dict[str, Any]:
    return {"code": node, "term": PLANNING_TERM}


def org_query(w: World, node: str, who: str) -> dict[str, Any]:
    return {"org": node}


def org_year_query(w: World, node: str, who: str) -> dict[str, Any]:
    return {"org": node, "nam": str(YEAR)}


def root_query(w: World, node: str, who: str) -> dict[str, Any]:
    return {"root": node}


@dataclass(frozen=True)
class Case:
    get: Rule
    post: Rule = no_method
    target: str = ""  # "", "org" (cells and committees), "cell", "committee", "member", "run", "token"
    kwargs: Kwargs = _none
    query: Kwargs = _none  # GET query string (the object may come as a filter, ?org=CODE)
    signed_in_only: bool = True  # anonymous requests are refused with `anonymous`
    anonymous: Expected = LOGIN  # an API would say 401 or 403 instead of the login page
    ok: tuple[int, ...] = (200, 302)  # the statuses that mean "allowed" (an API: 201, 204, 400 …)
    also: tuple[str, ...] = ()  # more methods following the POST rule (an API: "PUT", "PATCH", "DELETE")
    also_rule: Rule | None = None  # the rule of the `also` methods when it is not the POST's
    token: bool = False  # the persona authenticates with its own API token (Bearer), not a session
    body: dict[str, Any] | None = None  # a JSON body for POST and `also` (None: an empty form)
    method_first: bool = False  # a method refused (405) is refused before authentication


def API(get: Rule, post: Rule = no_method, **fields: Any) -> Case:  # noqa: N802
    """A Case of the JSON API: the persona's own Bearer token, 401 without one, the method checked
    first (ninja answers 405 before it authenticates); allowed: 200, or bad input 400 / a stale version 409."""
    return Case(get, post, token=True, anonymous=401, method_first=True, ok=(200, 400, 409), **fields)


# a change of the member's profile with a version that cannot be the current one: refused (409) after
# the scope is checked, so that the matrix writes nothing
STALE_PROFILE = {"version": 2**31, "hometown": "Xã Thử"}


MATRIX: dict[str, Case] = {
    # authentication
    "login": Case(public, public, signed_in_only=False),
    "logout": Case(no_method, public, signed_in_only=False),  # Django's LogoutView: POST only
    # the admin site's login form: ours instead (lockout, second step), for everyone
    "admin_login": Case(admin_entry, admin_entry, signed_in_only=False),
    "home": Case(signed_in),
    # the header's search: members only where one sees personal data, organizations in scope
    "search": Case(signed_in, query=lambda w, node, who: {"tim": "Văn"}),
    # the organization tree and the reorganization decisions
    "org_tree": Case(signed_in),
    "org_detail": Case(read, target="org", kwargs=by_code),
    "organization_establish_root": Case(superuser, superuser),
    "organization_establish": Case(write, write, target="committee", kwargs=by_code),
    "organization_rename": Case(reorganize, reorganize, target="cell", kwargs=by_code),
    "organization_move": Case(reorganize, reorganize, target="cell", kwargs=by_code),
    "organization_merge": Case(write, write, target="cell", kwargs=by_code),
    "organization_split": Case(reorganize, reorganize, target="cell", kwargs=by_code),
    "organization_dissolve": Case(reorganize, reorganize, target="cell", kwargs=by_code),
    "organization_decision_correct": Case(reorganize, reorganize, target="cell", kwargs=by_establishment),
    "organization_letterhead": Case(reorganize, reorganize, target="cell", kwargs=by_code),
    # documents in the party format: from a record the user may see by name; the templates: administrators
    "document_make": Case(
        personal, personal, target="member", kwargs=lambda w, node, who: {"slug": "phieu-dang-vien"},
        query=lambda w, node, who: {"dang-vien": str(w.members[node].pk)},
    ),
    "document_report": Case(read, read, target="org", query=org_year_query),
    "document_templates": Case(superuser, superuser),
    "document_template_download": Case(superuser, kwargs=lambda w, node, who: {"slug": "quyet-dinh"}),
    # members: personal data (a viewer sees them only as counts, on the tree and the reports)
    "member_list": Case(personal, target="org", query=org_query),
    "member_admit": Case(admitter, admitter),
    "member_receive": Case(writer, writer),
    "member_lookup": Case(personal_anywhere, query=lambda w, node, who: {"q": "Văn"}),
    "conversions_due": Case(personal_anywhere),
    "member_detail": Case(personal, target="member", kwargs=by_member),
    "member_update_profile": Case(write, write, target="member", kwargs=by_member),
    "member_transfer": Case(write, write, target="member", kwargs=by_member),
    "member_event_correct": Case(grassroots_write, grassroots_write, target="member", kwargs=by_member_event),
    "member_act": Case(
        write, write, target="member", kwargs=lambda w, node, who: by_member(w, node, who) | {"action": "ky-luat"}
    ),
    # the annual review
    "review_index": Case(read, target="org", query=org_year_query),
    "review_cell": Case(personal, write, target="cell", kwargs=by_year_code),  # the members by name
    "review_organizations": Case(read, write, target="committee", kwargs=by_year_code),
    "review_lock": Case(read, write, target="org", kwargs=by_year_code),
    "review_cap_raise": Case(read, write, target="org", kwargs=by_year_code),
    "review_lists": Case(personal, target="org", kwargs=by_year_code),  # who is not yet assessed, by name
    # the members' part of the candidates and awards without their names for a viewer
    "review_commendations": Case(
        read, write, target="org", kwargs=by_year_code, query=lambda w, node, who: {"so-nam": "1"}
    ),
    "review_correct_member": Case(
        personal, write, target="member", kwargs=lambda w, node, who: {"year": YEAR} | by_member(w, node, who)
    ),
    "review_correct_organization": Case(read, write, target="cell", kwargs=by_year_code),
    # QĐ 366 (from 2025): the quarters of a cell by name, the forms filled from the record, the
    # superior's re-rating (the page for the cell's writers too: the service says who may decide)
    "review_quarters": Case(personal, write, target="cell", kwargs=lambda w, node, who: {"year": 2025, "code": node}),
    "review_form_cell": Case(personal, target="cell", kwargs=lambda w, node, who: {"year": 2025, "code": node}),
    "review_form_member": Case(
        personal, target="member", kwargs=lambda w, node, who: {"year": 2025} | by_member(w, node, who)
    ),
    "review_rerate_member": Case(
        personal, write, target="member", kwargs=lambda w, node, who: {"year": 2025} | by_member(w, node, who)
    ),
    "review_rerate_organization": Case(read, write, target="cell", kwargs=lambda w, node, who: {"year": 2025, "code": node}),
    "review_form_rerating": Case(personal, target="member", kwargs=by_object("rerating", "rerating_id")),
    # reports: figures for every role (the members commended without their names for a viewer)
    "report_year": Case(read, target="org", query=org_year_query),
    "check_figures": Case(signed_in),
    "dashboard": Case(read, target="org", query=org_query),
    # Excel import and export
    "imports_index": Case(signed_in),
    "imports_template": Case(signed_in, kwargs=lambda w, node, who: {"slug": "dang-vien"}),
    "imports_upload": Case(no_method, writer),
    "imports_run": Case(own_run, target="run", kwargs=by_run),
    "imports_run_progress": Case(own_run, target="run", kwargs=by_run),
    "imports_run_confirm": Case(no_method, own_run_write, target="run", kwargs=by_run),
    "imports_run_issues": Case(own_run, target="run", kwargs=by_run),
    "imports_export_members": Case(personal, target="org", query=org_query),
    "imports_export_register": Case(personal, target="org", query=org_query),
    "imports_export_organizations": Case(read, target="org", query=org_query),
    # every part (members' ratings, organizations', awards); the organizations' alone is read
    "imports_export_reviews": Case(personal, target="org", query=org_year_query),
    # account security and the audit trail
    "login_otp": Case(public, public, signed_in_only=False),  # no password step pending: to the login page
    "otp_setup": Case(signed_in, signed_in),  # one's own account only
    "password_change": Case(signed_in, signed_in),  # one's own; the empty form is refused
    "audit_search": Case(audit, target="org", query=org_query),
    # the member's own review page
    "review_member": Case(
        personal, write, target="member", kwargs=lambda w, node, who: {"year": YEAR} | by_member(w, node, who)
    ),
    # personnel planning (quy hoạch cán bộ): a plan of each cell for 2025-2030, a position, a candidate;
    # the cadres planned are personal data throughout
    "planning_index": Case(personal_anywhere),
    "planning_plan": Case(personal, write, target="org", kwargs=by_code_term),
    "planning_review": Case(personal, write, target="org", kwargs=by_code_term),
    "planning_export": Case(personal, target="org", kwargs=by_code_term),
    "planning_candidate_add": Case(write, write, target="cell", kwargs=by_object("position", "position_id")),
    "planning_candidate_remove": Case(
        write, write, target="cell", kwargs=by_object("candidacy", "candidacy_id")
    ),
    "planning_rotation": Case(write, write, target="cell", kwargs=by_object("candidacy", "candidacy_id")),
    # congresses: a round opened on a committee, the congress of each cell, its counted election; the
    # progress for every role (the people elected without their names for a viewer), the elections by name
    "congress_index": Case(signed_in, writer, ok=(200, 302, 400)),  # the organization comes in the form
    "congress_round": Case(read_below, target="committee", kwargs=by_object("round", "round_id")),
    "congress_round_xlsx": Case(read_below, target="committee", kwargs=by_object("round", "round_id")),
    "congress_detail": Case(read, write, target="org", kwargs=by_object("congress", "congress_id")),
    "congress_proposal": Case(
        read, write, target="org", kwargs=by_object("congress", "congress_id"), ok=(200, 302, 400)
    ),
    "election_detail": Case(
        personal, write, target="org", kwargs=by_object("election", "election_id"), ok=(200, 302, 400)
    ),
    "election_minutes": Case(personal, target="org", kwargs=by_object("election", "election_id")),
    "election_xlsx": Case(personal, target="org", kwargs=by_object("election", "election_id")),
    # targets (chỉ tiêu), set by the level strictly above; cell meetings (sinh hoạt chi bộ): the months
    # without a meeting for every role, the members absent and the attendance by name not for a viewer
    "targets_index": Case(read, target="org", query=org_year_query),
    "target_set": Case(reorganize, reorganize, target="org", kwargs=by_code, ok=(200, 302, 400)),
    "meetings_index": Case(read, target="org", query=org_year_query),
    "meeting_record": Case(write, write, target="cell", kwargs=by_code, ok=(200, 302, 400)),
    "meeting_detail": Case(personal, target="cell", kwargs=by_object("meeting", "meeting_id")),
    # the admission pipeline: counts per stage for every reader, candidates by name only with personal data
    "pipeline_index": Case(read, target="org", query=org_query),
    "candidate_add": Case(write, write, target="cell", kwargs=by_code, ok=(200, 302, 400)),
    "candidate_detail": Case(personal, target="cell", kwargs=by_object("admission", "candidate_id")),
    "candidate_step": Case(
        write,
        write,
        target="cell",
        kwargs=lambda w, node, who: {"candidate_id": w.objects["admission"][node].pk, "kind": "course"},
        ok=(200, 302, 400),
    ),
    "candidate_update": Case(
        write, write, target="cell", kwargs=by_object("admission", "candidate_id"), ok=(200, 302, 400)
    ),
    "candidate_plan": Case(
        write, write, target="cell", kwargs=by_object("admission", "candidate_id"), ok=(200, 302, 400)
    ),
    "candidate_close": Case(
        write, write, target="cell", kwargs=by_object("admission", "candidate_id"), ok=(200, 302, 400)
    ),
    # party dues (đảng phí): the level's figures for every role (the members unpaid by name not for a
    # viewer); a cell's month and year sheets by name; payments, reasons, imports and bases by writers
    "dues_index": Case(read, target="org", query=org_year_query),
    "dues_cell_month": Case(
        personal, write, target="cell", kwargs=lambda w, node, who: {"code": node, "year": YEAR, "month": 3},
        ok=(200, 302, 400),
    ),
    "dues_cell_year": Case(personal, target="cell", kwargs=by_year_code),
    "dues_cell_import": Case(
        write, write, target="cell", kwargs=lambda w, node, who: {"code": node, "year": YEAR, "month": 3},
        ok=(200, 302, 400),
    ),
    "dues_payment_correct": Case(
        write,
        write,
        target="cell",
        kwargs=lambda w, node, who: {
            "code": node,
            "year": YEAR,
            "month": 3,
            "payment_id": w.objects["dues_payment"][node].pk,
        },
        ok=(200, 302, 400),
    ),
    "dues_member_basis": Case(personal, write, target="member", kwargs=by_member, ok=(200, 302, 400)),
    # party badges (Huy hiệu Đảng): the figures of an occasion for every role, the list by name not for a
    # viewer; the proposal and a member's awards are written where one writes; member statistics: the
    # figures for every role, the month's birthdays and anniversaries by name not for a viewer
    "badges_index": Case(read, target="org", query=lambda w, node, who: {"org": node, "dip": "07/11/2019"}),
    "badge_proposal": Case(no_method, write, target="org", kwargs=by_code, ok=(200, 302, 400)),
    "badge_member": Case(personal, write, target="member", kwargs=by_member, ok=(200, 302, 400)),
    "statistics_index": Case(read, target="org", query=lambda w, node, who: {"org": node, "ngay": "31/12/2019"}),
    "statistics_monthly": Case(personal, target="org", query=lambda w, node, who: {"org": node, "thang": "11/2019"}),
    # API tokens (the user's menu, a session like the web): one's own only
    "api_tokens": Case(signed_in, signed_in),  # the empty form is refused: the name is required
    "api_token_revoke": Case(no_method, own_only, target="token", kwargs=by_token, method_first=True),
    # the JSON API (/api/, namespace "api"): API() below sets the Bearer token, 401 without one
    "api:api-root": API(nothing, nothing, signed_in_only=False),  # no docs page (docs_url=None): 404
    "api:openapi-json": API(public, public, signed_in_only=False),  # the schema, no data (ninja: any method)
    "api:me": API(signed_in),
    "api:check_figures_endpoint": API(no_method, signed_in, body={}),  # nothing read, nothing written
    "api:organization_tree": API(read, target="org", query=root_query),
    "api:organization_detail": API(read, target="org", kwargs=by_code),
    "api:organization_stats": API(read, target="org", kwargs=by_code),
    "api:member_search": API(personal, target="org", query=org_query),
    "api:member_events": API(personal, target="member", kwargs=by_member),
    # GET and PATCH on one path (the two names reverse to it); the version is stale: 409, nothing written
    "api:member_detail": API(personal, target="member", kwargs=by_member, also=("PATCH",), also_rule=write,
                             body=STALE_PROFILE),
    "api:member_update_profile": API(personal, target="member", kwargs=by_member, also=("PATCH",),
                                     also_rule=write, body=STALE_PROFILE),
    # a year before the reviews began: refused (400) by the service, after the endpoint's scope check
    "api:member_rating_record": API(
        no_method, write, target="member", kwargs=lambda w, node, who: by_member(w, node, who) | {"year": 1989},
        body={"stage": "self", "rank": 2},
    ),
    "api:evaluation_report": API(read, target="org", query=lambda w, node, who: {"org": node, "year": YEAR}),
}  # fmt: skip


# --- the URL patterns of the project ----------------------------------------------------------------


def url_names() -> list[str]:
    """Every URL pattern of the project by its name ("namespace:name"), the admin site's left out;
    an unnamed pattern appears as "<unnamed: route>" so that it fails the coverage test."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner == ADMIN_SITE_NAMESPACE:
                    continue
                walk(
                    pattern.url_patterns,
                    f"{namespace}{inner}:" if inner else namespace,
                    prefix + str(pattern.pattern),
                )
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.append(namespace + pattern.name)
                else:
                    names.append(f"<unnamed: {prefix}{pattern.pattern}>")

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_pattern_is_in_the_matrix() -> None:
    names = url_names()
    missing = sorted(set(names) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(names))
    assert not missing, f"URL patterns without a Case in tests/test_scope_matrix.py MATRIX: {missing}"
    assert not stale, f"MATRIX entries whose URL no longer exists: {stale}"
    assert len(names) == len(set(names)), "two URL patterns share a name"


def test_the_oracle_is_the_union_of_the_roles() -> None:
    both = PERSONAS["secretary_and_ward_staff"]
    assert readable(both, "W1A") and readable(both, "W2A") and readable(both, "W2")
    assert not readable(both, "W1B") and not readable(both, "W1")
    mixed = PERSONAS["viewer_and_secretary"]
    assert writable(mixed, "W1A") and readable(mixed, "W1B") and not writable(mixed, "W1B")
    assert not writable(PERSONAS["viewer"], "W1A") and readable(PERSONAS["viewer"], "W1A")


# --- the world ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One tree for the whole module, inside a transaction rolled back at the end; each test runs in
    a savepoint of its own (pytest-django's db fixture), so what a request writes is undone."""
    from dangbo.accounts.models import RoleAssignment, User
    from dangbo.api.services import api_token_create, api_token_revoke
    from dangbo.evaluations.services import award_record, member_rating_record, organization_rating_record
    from dangbo.imports.models import ImportRun
    from dangbo.members.services import member_receive
    from dangbo.organizations.models import Kind, Sector
    from dangbo.organizations.services import Decision, organization_establish

    with django_db_blocker.unblock(), transaction.atomic():
        orgs: dict[str, Any] = {}
        for code, (parent, name, kind) in TREE.items():  # parents come first in TREE
            orgs[code] = organization_establish(
                actor=SYSTEM,
                code=code,
                name=name,
                kind=Kind(kind),
                sector=Sector.WARD if kind == "grassroots_committee" else Sector.OTHER,
                parent=orgs[parent] if parent else None,
                effective_on=date(2015, 1, 1),
                decision=Decision(number="01-QĐ/QU", date=date(2015, 1, 1)),
            )
        members: dict[str, Any] = {}
        for number, code in enumerate(CELLS, start=1):
            members[code] = member_receive(
                actor=SYSTEM,
                profile={"full_name": MEMBER_NAMES[code], "sex": "male", "birth_date": date(1980, 5, 17)},
                cell=orgs[code],
                status="official",
                admitted_on=date(2005, 3, 2),
                official_on=date(2006, 3, 2),
                effective_on=date(2015, 1, 1),
                decision_number=f"{number:02d}-QĐ/ĐU",
                decision_date=date(2015, 1, 1),
            )
            # HTXSNV and commended: the member is named on the commendation pages and in the report
            member_rating_record(
                actor=SYSTEM,
                member=members[code],
                year=YEAR,
                stage="decision",
                rank=1,
                decision_number="1-TB",
                override_reason="Ma trận: một đảng viên mỗi chi bộ",
            )
            award_record(
                actor=SYSTEM,
                kind="certificate",
                year=YEAR,
                title="Đảng viên hoàn thành xuất sắc nhiệm vụ",
                given_by="Quận ủy",
                decision_number="3-QĐ",
                decision_date=date(YEAR + 1, 1, 10),
                member=members[code],
            )
            organization_rating_record(
                actor=SYSTEM,
                organization=orgs[code],
                year=YEAR,
                stage="decision",
                rank=2,
                decision_number="2-QĐ",
            )
        users: dict[str, Any] = {}
        runs: dict[str, Any] = {}
        tokens: dict[str, str] = {}
        revoked: dict[str, Any] = {}
        for name, persona in [*PERSONAS.items(), (OTHER, Persona(roles=(("committee_officer", "D"),)))]:
            if persona.anonymous:
                continue
            user = User.objects.create(
                username=f"matrix-{name}", is_superuser=persona.superuser, is_staff=persona.superuser
            )
            for role, code in persona.roles:
                RoleAssignment.objects.create(user=user, organization=orgs[code], role=role)
            users[name] = user
            runs[name] = ImportRun.objects.create(
                created_by=user,
                filename=f"{name}.xlsx",
                content=b"",
                status=ImportRun.Status.FAILED,
                message="Tệp không đọc được.",
            )
            tokens[name] = api_token_create(actor=user, user=user, name="Ma trận")[1]
            old = api_token_create(actor=user, user=user, name="Mã cũ")[0]
            revoked[name] = api_token_revoke(actor=user, token_id=old.pk, owner=user)
        second = {
            code: member_receive(
                actor=SYSTEM,
                profile={"full_name": SECOND_NAMES[code], "sex": "female", "birth_date": date(1982, 8, 9)},
                cell=orgs[code],
                status="official",
                admitted_on=date(2006, 4, 3),
                official_on=date(2007, 4, 3),
                effective_on=date(2015, 1, 1),
                decision_number=f"{number + 10:02d}-QĐ/ĐU",
                decision_date=date(2015, 1, 1),
            )
            for number, code in enumerate(CELLS, start=1)
        }
        objects = _objects(orgs, members, second)
        yield World(orgs, members, users, runs, objects, tokens, revoked)
        transaction.set_rollback(True)


def _objects(
    orgs: dict[str, Any], members: dict[str, Any], second: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The objects of the later modules, on each cell (and the rounds on each committee): a plan's
    position and candidate, a congress with its counted election, a meeting."""
    from dangbo.admissions import services as admissions
    from dangbo.congresses import services as congresses
    from dangbo.congresses.rules import Tally
    from dangbo.dues import services as dues
    from dangbo.planning import services as planning
    from dangbo.targets import services as targets

    objects: dict[str, dict[str, Any]] = {
        kind: {}
        for kind in (
            "position",
            "candidacy",
            "round",
            "congress",
            "election",
            "meeting",
            "admission",
            "rerating",
            "dues_payment",
        )
    }
    term = planning.term_get_or_create(actor=SYSTEM, start_year=int(PLANNING_TERM[:4]))
    rounds = {
        root: congresses.congress_round_open(
            actor=SYSTEM,
            organization=orgs[root],
            term_start=2020,
            term_end=2025,
            planned_on=date(2020, 5, 10),
            as_of=date(2019, 12, 31),
        )
        for root in ("D", "X")
    }
    objects["round"]["X"] = rounds["X"]
    for code in ("W1", "W2"):  # a round opened on the committee only (a later term)
        objects["round"][code] = congresses.congress_round_open(
            actor=SYSTEM,
            organization=orgs[code],
            term_start=2025,
            term_end=2030,
            planned_on=date(2025, 5, 10),
            as_of=date(2019, 12, 31),
        )
    for code in CELLS:
        cell, people = orgs[code], [members[code], second[code]]
        position = planning.position_create(actor=SYSTEM, organization=cell, term=term, kind="secretary")
        objects["position"][code] = position
        objects["candidacy"][code] = planning.candidacy_add(
            actor=SYSTEM, position=position, member=members[code], added_on=date(2024, 6, 3)
        )
        congress = rounds["X" if code == "XA" else "D"].congresses.get(organization=cell)
        congresses.proposal_save(
            actor=SYSTEM,
            congress=congress,
            data=congresses.ProposalInput(committee_size=1, deputies=0),
            on=date(2020, 3, 1),
        )
        for stage, on in (("documents", date(2020, 3, 15)), ("opinion", date(2020, 4, 1))):
            congresses.congress_record_stage(actor=SYSTEM, congress=congress, stage=stage, on=on)
        congresses.congress_record_stage(
            actor=SYSTEM, congress=congress, stage="held", on=date(2020, 5, 10), electors_called=2, present=2
        )
        election = congresses.election_create(actor=SYSTEM, congress=congress, kind="committee", seats=1)
        candidates = [congresses.candidate_add(actor=SYSTEM, election=election, member=m) for m in people]
        congresses.election_open(actor=SYSTEM, election=election)
        congresses.election_count(
            actor=SYSTEM,
            election=election,
            issued=2,
            tally=Tally(
                issued=2, returned=2, valid=2, invalid=0, votes={candidates[0].pk: 2, candidates[1].pk: 0}
            ),
        )
        objects["congress"][code], objects["election"][code] = congress, election
        # three months with the second member absent without reason: named among the absentees
        for month in (3, 4, 5):
            meeting = targets.meeting_record(
                actor=SYSTEM,
                cell=cell,
                held_on=date(YEAR, month, 5),
                kind="regular",
                topics=f"Sinh hoạt thường kỳ tháng {month}",
                attendance={
                    members[code].pk: targets.Presence(status="present"),
                    second[code].pk: targets.Presence(status="unexcused"),
                },
            )
            objects["meeting"].setdefault(code, meeting)
        objects["admission"][code] = admissions.candidate_add(  # a candidate (quần chúng ưu tú) per cell
            actor=SYSTEM,
            cell=cell,
            profile={
                "full_name": f"Quần Chúng {MEMBER_NAMES[code].split()[-1]}",
                "sex": "male",
                "birth_date": date(2000, 1, 2),
            },
            listed_on=date(2024, 6, 3),
        )
        objects["dues_payment"][code] = dues.dues_payment_record(  # a payment of March, to correct
            actor=SYSTEM,
            cell=cell,
            member=members[code],
            year=YEAR,
            month=3,
            amount=5000,
            method="cash",
            paid_on=date(YEAR, 3, 10),
        )
        # 2025 (QĐ 366): a decision cancelled by the superior and rated again (Mẫu 03)
        from dangbo.evaluations.quarter_services import rating_rerate
        from dangbo.evaluations.services import member_rating_record, organization_rating_record

        rating = member_rating_record(
            actor=SYSTEM,
            member=members[code],
            year=2025,
            stage="decision",
            rank=2,
            decision_number="5-TB",
            historical=True,
        )
        organization_rating_record(
            actor=SYSTEM,
            organization=cell,
            year=2025,
            stage="decision",
            rank=2,
            decision_number="6-QĐ",
            historical=True,
        )
        objects["rerating"][code] = rating_rerate(
            actor=SYSTEM,
            rating=rating,
            rank=3,
            reason="Ma trận: xếp loại lại",
            decision_number="9-QĐ",
            decision_date=date(2026, 1, 5),
        )
    return objects


# --- the matrix test ---------------------------------------------------------------------------------


def targets(case: Case, p: Persona) -> list[tuple[str, str | None]]:
    """(in|out, node) pairs to try: the persona's own nodes of the case's kind and one outside. A page
    on any organization ("org") is tried on cells, its committee form being the same code path."""
    if not case.target:
        return [("-", None)]
    pairs: list[tuple[str, str | None]] = []
    if case.target in ("run", "token"):
        pairs.append(("in", OWN))
        if not p.anonymous:
            pairs.append(("out", OTHER))
        return pairs
    if case.target == "committee":
        inside, outside = ([p.committee_in] if p.committee_in else []), [p.committee_out]
    else:
        inside, outside = list(p.cells_in), [p.cell_out]
    pairs += [("in", node) for node in inside]
    pairs += [("out", node) for node in outside if node]
    return pairs


def expected_for(case: Case, p: Persona, method: str, node: str | None) -> Expected:
    rule = case.get if method == "GET" else case.post if method == "POST" else case.also_rule or case.post
    if case.method_first and rule is no_method:
        return 405
    if p.anonymous and case.signed_in_only:
        return case.anonymous
    return rule(p, node)


def outcome(case: Case, response: Any) -> Expected:
    status = response.status_code
    if status == 302 and response["Location"].startswith(LOGIN_PATH + "?"):
        return LOGIN
    if status in case.ok:
        return OK
    return int(status)


def body_text(response: Any) -> str | None:
    """The text a person gets: a page, JSON, or the XML inside a downloaded XLSX or DOCX, its
    character references resolved (openpyxl writes "Đ" as "&#272;"); None for anything else."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith(("text/", "application/json")):
        return str(content.decode())
    if content_type.startswith("application/vnd.openxmlformats-officedocument."):
        with zipfile.ZipFile(io.BytesIO(content)) as office:
            parts = [name for name in office.namelist() if name.endswith(".xml")]
            return html.unescape("\n".join(office.read(name).decode() for name in parts))
    return None


PERSONAL_RULES = (personal, personal_anywhere, audit)  # always 403 (or 404) to a viewer alone


def personal_links(body: str) -> list[str]:
    """The links of a page that lead to members' personal data: a viewer alone is offered none."""
    found = []
    for href in sorted(set(re.findall(r'href="(/[^"?#]*)', body))):
        try:
            match = resolve(href)
        except Resolver404:
            continue
        case = MATRIX.get(match.view_name)
        if case is not None and case.get in PERSONAL_RULES:
            found.append(href)
    return found


PAIRS = [(url, who) for url in MATRIX for who in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "persona"), PAIRS, ids=[f"{u}-{p}" for u, p in PAIRS])
def test_scope_matrix(url_name: str, persona: str, world: World) -> None:
    from dangbo.audit.models import AuditEntry

    case = MATRIX[url_name]
    p = PERSONAS[persona]
    client = Client()
    if case.token and not p.anonymous:  # the API takes only tokens: a session would get 401
        client = Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[persona]}")
    elif not p.anonymous:
        client.force_login(world.users[persona])
    hidden = forbidden_names(p)
    failures: list[str] = []
    for side, node in targets(case, p):
        kwargs = case.kwargs(world, node or "", persona)
        query = case.query(world, node or "", persona)
        url = reverse(url_name, kwargs=kwargs or None)
        for method in ("GET", "POST", *case.also):
            expected = expected_for(case, p, method, node)
            if expected == 405 and side == "out":
                continue  # refused before anything is looked up: once is enough
            before = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
            if method == "GET":
                response = client.get(url, query)
            else:
                response = client.generic(
                    method,
                    url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
                    "" if case.body is None else json.dumps(case.body),
                    "application/octet-stream" if case.body is None else "application/json",
                )
            got = outcome(case, response)
            side_text = {"in": "inside the scope", "out": "outside the scope"}.get(side, "")
            where = f"{method} {url} {query or ''} ({side_text}{': ' + node if node else ''})"
            if got != expected:
                failures.append(f"{where}: expected {expected}, got {response.status_code}")
            written = list(AuditEntry.objects.filter(pk__gt=before).values_list("action", flat=True))
            # a download granted records who took the file ("export.…"), a read of personal data through
            # the API what was read ("api.…"); nothing else is written, and a refused request writes nothing
            granted_read = method == "GET" and got == OK and expected == OK
            if [a for a in written if not (granted_read and a.startswith(("export.", "api.")))]:
                failures.append(f"{where}: wrote to the audit log ({', '.join(written)})")
            body = body_text(response) if response.status_code == 200 else None
            if body is not None:
                failures.extend(f"{where}: shows “{name}”" for name in hidden if name in body)
                if not sees_personal_data(p) and not p.anonymous:
                    failures.extend(f"{where}: links to {link}" for link in personal_links(body))
            if url_name == "logout" and method == "POST" and not p.anonymous:
                client.force_login(world.users[persona])
    assert not failures, f"{url_name} as {persona}:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [name for name in PERSONAS if name != "admin"])
def test_the_admin_site_refuses_every_persona_but_the_administrator(persona: str, world: World) -> None:
    client = Client()
    if not PERSONAS[persona].anonymous:
        client.force_login(world.users[persona])
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")
    member = world.members["W1A"]
    response = client.get(f"/quan-tri/members/member/{member.pk}/change/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


@pytest.mark.django_db
def test_the_administrator_reaches_the_admin_site(world: World) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    assert client.get("/quan-tri/").status_code == 200


# --- what a viewer downloads: the reports' files, without a member's name ---------------------------

# (URL name, query) of the files a viewer may take: the report in every format, the targets, the
# meetings' sheet (its absentees), the organizations and their ratings, a congress round
REPORT_FILES: list[tuple[str, dict[str, str]]] = [
    *[("report_year", {"org": "D", "nam": str(YEAR), "dinh_dang": fmt})
      for fmt in ("docx", "xlsx", "json", "text")],
    ("targets_index", {"org": "D", "nam": str(YEAR), "dinh_dang": "xlsx"}),
    ("targets_index", {"org": "D", "nam": str(YEAR), "dinh_dang": "json"}),
    ("meetings_index", {"org": "D", "nam": str(YEAR), "dinh_dang": "xlsx"}),
    ("imports_export_organizations", {"org": "D"}),
    ("statistics_index", {"org": "D", "ngay": "31/12/2019", "dinh_dang": "xlsx"}),
    ("badges_index", {"org": "D", "dip": "07/11/2019", "dinh_dang": "json"}),
    ("imports_export_reviews", {"org": "D", "nam": str(YEAR), "phan": "to-chuc"}),
]  # fmt: skip


def _report_files(world: World) -> list[tuple[str, dict[str, str]]]:
    return [*[(reverse(name), query) for name, query in REPORT_FILES],
            (reverse("congress_round_xlsx", args=[world.objects["round"]["W1"].pk]), {})]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["viewer", "viewer_and_secretary"])
def test_a_viewer_downloads_the_reports_without_a_members_name(persona: str, world: World) -> None:
    client = Client()
    client.force_login(world.users[persona])
    hidden = forbidden_names(PERSONAS[persona])
    assert MEMBER_NAMES["W1B"] in hidden and SECOND_NAMES["W1B"] in hidden
    for url, query in _report_files(world):
        response = client.get(url, query)
        assert response.status_code == 200, (url, query)
        body = body_text(response)
        assert body is not None and not [name for name in hidden if name in body], (url, query)


@pytest.mark.django_db
def test_the_officer_downloads_the_same_files_with_the_names(world: World) -> None:
    """The other side of the test above: those files do name members, to whom may read them."""
    client = Client()
    client.force_login(world.users["officer"])
    texts = {}
    for url, query in _report_files(world):
        body = body_text(client.get(url, query))
        assert body is not None
        texts[url + str(query.get("dinh_dang", ""))] = body
    report = texts[reverse("report_year") + "docx"]
    assert all(MEMBER_NAMES[code] in report for code in CELLS if code != "XA")  # the members commended
    meetings = texts[reverse("meetings_index") + "xlsx"]
    assert all(SECOND_NAMES[code] in meetings for code in CELLS if code != "XA")  # absent 3 months


# --- the JSON API: tokens only, and the lists without a filter ----------------------------------------

API_CASES = [name for name, case in MATRIX.items() if case.token and case.signed_in_only]


@pytest.mark.django_db
def test_the_api_refuses_a_session(world: World) -> None:
    """A signed-in session is not a token: every API endpoint but the schema answers 401."""
    client = Client()
    client.force_login(world.users["admin"])
    refused = []
    for name in API_CASES:
        case = MATRIX[name]
        node = "W1A" if case.target else ""
        url = reverse(name, kwargs=case.kwargs(world, node, "admin") or None)
        if case.get is no_method:
            response = client.post(url, json.dumps(case.body or {}), content_type="application/json")
        else:
            response = client.get(url, case.query(world, node, "admin"))
        refused.append((name, response.status_code))
    assert API_CASES and refused == [(name, 401) for name in API_CASES]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [name for name, p in PERSONAS.items() if not p.anonymous])
def test_the_api_lists_only_the_scope_without_a_filter(persona: str, world: World) -> None:
    """GET /api/members and /api/organizations without ?org= / ?root=: the persona's scope, all of
    it and nothing else; the members of the cells where it sees personal data (a viewer only: 403)."""
    p = PERSONAS[persona]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[persona]}")
    members = client.get("/api/members", {"page_size": 100})
    tree = client.get("/api/organizations")
    assert tree.status_code == 200
    if not sees_personal_data(p):
        assert members.status_code == 403 and "tài liệu mật" in members.json()["message"]
    else:
        assert members.status_code == 200
        listed = {item["full_name"] for item in members.json()["items"]}
        assert listed == {
            names[code]
            for names in (MEMBER_NAMES, SECOND_NAMES)
            for code in CELLS
            if personal_readable(p, code)
        }
    for body in (members.content.decode(), tree.content.decode()):
        assert not [name for name in forbidden_names(p) if name in body]
    assert all(TREE[code][1] in tree.content.decode() for code in TREE if readable(p, code))
