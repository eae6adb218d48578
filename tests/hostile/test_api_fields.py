"""Every field of every API write endpoint, enumerated from the OpenAPI schema (django-ninja), given
each hostile value (tests/hostile/values.py) and the JSON values a client can send in its place
(numbers past 64 bits, booleans, lists, objects, null) — each field every JSON value, every control,
invisible or bidi character and every other string, the fields taking them in turn: never a 5xx; a refusal is a JSON 4xx whose
Vietnamese message names the field (`field` in the body), and writes nothing; what is accepted never
holds a control, zero-width or bidi character. The path parameters get the same values, and the ids of
a member outside the token's scope (a 404 that names no one).

A write endpoint added to the API without a valid body here fails test_every_write_endpoint_has_a_body.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from dangbo.audit.models import AuditEntry
from hostile.values import NEVER_STORED, STRINGS

WRITES = ("post", "put", "patch", "delete")
# JSON values that are not strings, in place of any field
JSON_VALUES: list[tuple[str, Any]] = [
    ("json -1", -1),
    ("json 0", 0),
    ("json 2**63", 2**63),
    ("json 10**30", 10**30),
    ("json true", True),
    ("json null", None),
    ("json list", ["x"]),
    ("json object", {"x": 1}),
    ("json float", 1e308),
]
STRING_LABELS = {label for label, _ in STRINGS}
VIETNAMESE = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")


def _schema() -> dict[str, Any]:
    from dangbo.api.api import api

    return api.get_openapi_schema()


def write_operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path template, the body's schema) of every write endpoint."""
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITES:
                continue
            content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = content.get("schema", {}).get("$ref", "")
            body = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else {}
            found.append((method, path, body))
    return found


@pytest.fixture
def member(small_tree, make_member):
    return make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")


@pytest.fixture
def outsider(small_tree, make_member):
    return make_member(small_tree.other_cell, "Hoàng Văn Ngoài", cccd="079080009999")


def _bodies(member) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """(method, path) -> (path parameters, a body that is accepted as it is)."""
    return {
        ("patch", "/api/members/{member_id}"): (
            {"member_id": member.pk},
            {"version": member.version, "hometown": "Thủ Đức"},
        ),
        ("post", "/api/members/{member_id}/ratings/{year}"): (
            {"member_id": member.pk, "year": 2019},
            {"stage": "decision", "rank": 2, "decision_number": "05-QĐ/ĐU", "decision_date": "2019-12-20"},
        ),
        ("post", "/api/reports/check-figures"): ({}, {"total": 42, "figures": ["8:19,05", "33:78,57"]}),
    }


def _send(client: Client, method: str, template: str, params: dict[str, Any], body: Any) -> Any:
    path = template
    for name, value in params.items():
        path = path.replace("{" + name + "}", str(value))
    return client.generic(method.upper(), path, json.dumps(body), "application/json")


def test_every_write_endpoint_has_a_body(small_tree, make_member) -> None:
    member = make_member(small_tree.cell_a)
    known = set(_bodies(member))
    found = {(method, path) for method, path, _ in write_operations()}
    assert found == known, f"write endpoints without a body in this test: {found - known}"


def _is_integer(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "integer" or any(_is_integer(part) for part in schema.get("anyOf", []))


def _check(
    response: Any, where: str, field: str, label: str, failures: list[str], written: list[str], integer: bool
) -> None:
    status = response.status_code
    if status >= 500:
        failures.append(f"{where}: {status}")
        return
    if not response["Content-Type"].startswith("application/json"):
        failures.append(f"{where}: {status} not JSON ({response['Content-Type']})")
        return
    body = response.json()
    if 400 <= status < 500:
        message = str(body.get("message", ""))
        if written:
            failures.append(f"{where}: refused ({status}) and wrote {written}")
        if not VIETNAMESE & set(message.lower()):
            failures.append(f"{where}: {status} message not Vietnamese: {message!r}")
        if label == "json true" and integer and not message.startswith(f"Giá trị của “{field}” không hợp lệ"):
            failures.append(f"{where}: a boolean read as something else: {status} {message[:120]}")
        named = str(body.get("field") or "")
        if status == 400 and named.split(".")[0] != field:
            failures.append(f"{where}: {status} names the field {named!r}, not {field!r}: {message[:120]}")
    elif label in NEVER_STORED or label == "json true":  # no field of a write endpoint is a boolean
        failures.append(f"{where}: accepted ({status})")


@pytest.mark.django_db
def test_every_api_field_takes_every_hostile_value_with_a_json_4xx_naming_it(
    small_tree, personas, member, outsider
) -> None:
    from dangbo.api.services import api_token_create

    staff = personas["ward_staff"]  # the ward W1: the outsider, in the other ward, is outside its scope
    token = api_token_create(actor=staff, user=staff, name="thử")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)
    values: list[tuple[str, Any]] = [*STRINGS, *JSON_VALUES]
    bodies = _bodies(member)
    failures: list[str] = []
    requests = 0
    for method, template, schema in write_operations():
        params, good = bodies[(method, template)]
        assert _send(client, method, template, params, good).status_code == 200, (method, template)
        fields = list(schema.get("properties", {}))
        targets = [("body", name) for name in fields] + [("path", name) for name in params]
        for number, (place, name) in enumerate(targets):
            for j, (label, value) in enumerate(values):
                if place == "path" and not isinstance(value, str | int):
                    continue
                # every JSON value, and every other hostile string (the fields take them in turn)
                if label in STRING_LABELS and (number + j) % 2 and label not in NEVER_STORED:
                    continue
                with transaction.atomic():
                    before = AuditEntry.objects.count()
                    if place == "body":
                        response = _send(client, method, template, params, {**good, name: value})
                    else:
                        response = _send(client, method, template, {**params, name: value}, good)
                    written = list(AuditEntry.objects.all()[before:].values_list("action", flat=True))
                    transaction.set_rollback(True)
                requests += 1
                where = f"{method.upper()} {template} {place} {name}={label!r}"
                # a path parameter is named in the message only for a type error: a 404 names nothing
                if place == "path" and response.status_code == 404:
                    continue
                integer = place == "body" and _is_integer(schema["properties"][name])
                kept = [a for a in written if not a.startswith("api.")]
                _check(response, where, name, label, failures, kept, integer)
        # the member outside the token's scope: the same answer as one that does not exist
        if "member_id" in params:
            for member_id in (outsider.pk, 10**9):
                response = _send(client, method, template, {**params, "member_id": member_id}, good)
                requests += 1
                assert response.status_code == 404, (template, member_id, response.content)
                assert "Ngoài" not in response.content.decode()
    print(f"\n{requests} API requests")
    assert requests > 400
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
