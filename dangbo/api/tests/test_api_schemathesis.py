"""Schemathesis against /api/openapi.json, through the WSGI application, with the token of a scoped
user (the staff of ward W1): generated requests to every operation, valid and invalid, must never
get a server error (5xx), and every answer must be one the schema declares, in its shape.

Bounded (a few dozen examples per operation, derandomised) so that it runs in the normal suite on
SQLite and PostgreSQL in well under a minute."""

from __future__ import annotations

import dataclasses

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 12


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application, called as a server would call it, but without closing the
    database connection after each request (that would end the test's transaction; Django's own
    test client does the same)."""
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, people, small_tree):
    loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    # Besides random values, the members and organizations that exist (in scope or not), so that the
    # generated requests also reach the answers of real records, and their changes.
    real = {
        "member_id": st.sampled_from([people.an.pk, people.binh.pk, people.cuong.pk, people.em.pk]),
        "code": st.sampled_from(["W1", "W1A", "W1B", "D", "W2A", "w1"]),
        "year": st.sampled_from([2019, 2024]),
        "org": st.sampled_from(["W1", "W1A", "D"]),
    }

    @loaded.hook
    def before_generate_path_parameters(context, strategy):
        names = {p.name for p in context.operation.path_parameters}
        overrides = {name: real[name] for name in names if name in real}
        if not overrides:
            return strategy
        return st.one_of(strategy, st.tuples(strategy, st.fixed_dictionaries(overrides)).map(_override))

    @loaded.hook
    def before_generate_query(context, strategy):
        names = {p.name for p in context.operation.query}
        overrides = {name: real[name] for name in ("org", "year") if name in names}
        if not overrides:
            return strategy
        return st.one_of(strategy, st.tuples(strategy, st.fixed_dictionaries(overrides)).map(_override))

    return loaded


def _override(drawn: tuple[object, dict]) -> object:
    """The generated path parameters with some replaced by real ones (in whatever wrapper they came)."""
    generated, real = drawn
    value = getattr(generated, "value", generated)
    merged = {**(value if isinstance(value, dict) else {}), **real}
    if hasattr(generated, "value"):
        return dataclasses.replace(generated, value=merged)  # type: ignore[type-var]
    return merged


@pytest.fixture
def ward_token(token_of):
    return token_of("ward_staff")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_with_a_server_error(api_schema, ward_token, mode):
    headers = {"Authorization": f"Bearer {ward_token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    statuses: dict[str, set[int]] = {}
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses.setdefault(case.operation.label, set()).add(response.status_code)

        run()
    if mode == GenerationMode.POSITIVE:  # the run reached real records, not only 404s
        reached = {label for label, codes in statuses.items() if 200 in codes}
        assert {
            "GET /api/organizations/{code}",
            "GET /api/members/{member_id}",
            "GET /api/members/{member_id}/events",
            "GET /api/reports/evaluation",
        } <= reached, statuses
