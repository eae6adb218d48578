"""The API does not tell "outside your scope" from "does not exist" (issue 12, finding 9): for every
endpoint that takes an id or a code, the two answers are the same, byte for byte, as on the web."""

from __future__ import annotations

import pytest

from dangbo.members.models import Member

pytestmark = pytest.mark.django_db

NOWHERE = "KHONG-CO"  # an organization code no one holds


def _member_calls(outside: int, missing: int) -> list[tuple[str, str, dict[str, object] | None, int]]:
    """(method, url, JSON body, the id it names) for each endpoint naming a member."""
    calls: list[tuple[str, str, dict[str, object] | None, int]] = []
    for member_id in (outside, missing):
        calls += [
            ("get", f"/api/members/{member_id}", None, member_id),
            ("get", f"/api/members/{member_id}/events", None, member_id),
            ("patch", f"/api/members/{member_id}", {"version": 1, "notes": "ghi chú"}, member_id),
            ("post", f"/api/members/{member_id}/ratings/2019", {"stage": "self", "rank": 2}, member_id),
        ]
    return calls


def _send(client, method: str, url: str, body: dict[str, object] | None):  # type: ignore[no-untyped-def]
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize("persona", ["secretary_b", "outsider"])
def test_a_member_outside_the_scope_reads_as_one_that_does_not_exist(api_as, people, persona):
    client = api_as(persona)
    outside = people.an.pk  # cell A: outside cell B and the other ward
    missing = max(Member.objects.values_list("pk", flat=True)) + 1000
    calls = _member_calls(outside, missing)
    half = len(calls) // 2
    for (method, url, body, _), (_, url_missing, body_missing, _) in zip(
        calls[:half], calls[half:], strict=True
    ):
        there = _send(client, method, url, body)
        not_there = _send(client, method, url_missing, body_missing)
        assert there.status_code == not_there.status_code == 404, (method, url)
        assert there.content == not_there.content, (method, url)
        assert there["Content-Type"] == not_there["Content-Type"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/organizations/{code}", {}),
        ("/api/organizations/{code}/stats", {}),
        ("/api/organizations", {"root": "{code}"}),
        ("/api/members", {"org": "{code}"}),
        ("/api/reports/evaluation", {"org": "{code}", "year": 2019}),
    ],
)
def test_an_organization_outside_the_scope_reads_as_one_that_does_not_exist(api_as, people, url, params):
    client = api_as("secretary_b")

    def ask(code: str):  # type: ignore[no-untyped-def]
        query = {k: (v.format(code=code) if isinstance(v, str) else v) for k, v in params.items()}
        return client.get(url.format(code=code), query)

    for outside in ("W1A", "W2"):  # the sister cell, the other ward
        there, not_there = ask(outside), ask(NOWHERE)
        assert there.status_code == not_there.status_code == 404, url
        assert there.content == not_there.content, url
