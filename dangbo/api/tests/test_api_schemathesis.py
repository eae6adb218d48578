"""Schemathesis against /api/openapi.json with every check (`st run --checks all`: server errors,
status codes, content types, headers and bodies as the schema states them, schema-invalid data
refused, schema-valid data accepted, authentication not ignored, 405 with Allow for the methods the
schema does not list, a missing Authorization refused…) and every phase (examples, coverage, fuzzing,
stateful), through the WSGI application, as three roles: a read-only viewer of the district, a cell
secretary, the district's committee officer.

Bounded and deterministic (a fixed seed, a few examples per operation and phase) so that it runs in
the normal suite. The fuller run is the same test with the `fuzz` marker (README, "Tests"):
`DANGBO_FUZZ_EXAMPLES=200 pytest -n 0 -m fuzz dangbo/api/tests/test_api_schemathesis.py`."""

from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import strategies as st

from dangbo.api.tests import schemathesis_engine as engine

MAX_EXAMPLES = 3
SEED = 20191231
ROLES = ["viewer", "secretary_a", "officer"]


@pytest.fixture(autouse=True)
def _no_local_constants(monkeypatch):
    """Hypothesis mixes into its draws the constants of the project's modules imported so far
    (hypothesis.internal.conjecture.providers): the draws, with the same seed, then depend on which
    tests ran before in the process. Without them the run is the same alone and in the whole suite."""
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants

    monkeypatch.setattr(providers, "_get_local_constants", Constants)


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application, called as a server would call it (from schemathesis's worker
    thread, on the test's database connection), without closing the connection after each request
    (that would end the test's transaction; Django's own test client does the same)."""
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    app = engine.shared_connection(application)
    try:
        yield app
    finally:
        engine.release(app)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def real_values(people, small_tree):
    """Besides random values, the members and organizations that exist (in scope or not), so that the
    generated requests also reach the answers of real records, and their changes."""
    real = {
        "member_id": st.sampled_from([people.an.pk, people.binh.pk, people.cuong.pk, people.em.pk]),
        "code": st.sampled_from(["W1", "W1A", "W1B", "D", "W2A", "w1"]),
        "year": st.sampled_from([2019, 2024]),
        "org": st.sampled_from(["W1", "W1A", "D"]),
    }

    def install(loaded):
        @loaded.hook
        def before_generate_path_parameters(context, strategy):
            names = {p.name for p in context.operation.path_parameters}
            overrides = {name: real[name] for name in names if name in real}
            if not overrides:
                return strategy
            with_real = st.tuples(strategy, st.fixed_dictionaries(overrides)).map(_override)
            if "member_id" in overrides:
                # a member drawn at random is a 404 for every id but the few that exist: always a real
                # one (a negative draw is left as drawn), so that the run reaches the members' answers
                return with_real
            return st.one_of(strategy, with_real)

        @loaded.hook
        def before_generate_query(context, strategy):
            names = {p.name for p in context.operation.query}
            overrides = {name: real[name] for name in ("org", "year") if name in names}
            if not overrides:
                return strategy
            return st.one_of(strategy, st.tuples(strategy, st.fixed_dictionaries(overrides)).map(_override))

    return install


def _override(drawn: tuple[object, dict]) -> object:
    """The generated parameters with some replaced by real ones (in whatever wrapper they came)."""
    generated, real = drawn
    if getattr(generated, "meta", None) is not None:
        # a negative draw (schemathesis mutated it and will expect a refusal): left as drawn, or a
        # real code put in place of the invalid one would make schemathesis expect a refusal of a
        # valid request
        return generated
    value = getattr(generated, "value", generated)
    merged = {**(value if isinstance(value, dict) else {}), **real}
    if hasattr(generated, "value"):
        return dataclasses.replace(generated, value=merged)  # type: ignore[type-var]
    return merged


# The refusals of schema-valid data the schema cannot state, each a rule between two values, which
# JSON Schema has no way to say; schemathesis draws such pairs as valid. Only those answers are set
# aside: (operation, words of the refusal).
INEXPRESSIBLE = [
    # a figure's count above the total ("8:19,04" of 1)
    ("POST /api/reports/check-figures", "lớn hơn tổng số"),
    # a score (QĐ 366's 100 points) sent for a year of an earlier regulation: the year is in the path
    ("POST /api/members/{member_id}/ratings/{year}", "không chấm điểm theo thang 100 điểm"),
    # one of the score's two parts without the other, at the decision
    ("POST /api/members/{member_id}/ratings/{year}", "hoặc để trống cả hai phần"),
]


def _inexpressible(finding: engine.Finding) -> bool:
    return finding.code == "ST202" and any(
        finding.operation == operation and words in finding.answer for operation, words in INEXPRESSIBLE
    )


def _run(wsgi_app, real_values, token: str, max_examples: int) -> engine.Outcome:
    outcome = engine.run(wsgi_app, token, max_examples=max_examples, seed=SEED, hooks=real_values)
    assert not outcome.errors, "\n\n".join(outcome.errors)
    findings = [f for f in engine.unique(outcome.findings) if not _inexpressible(f)]
    assert not findings, "\n\n".join(str(f) for f in findings)
    assert outcome.stop_reason == "completed"
    return outcome


# The schema's text patterns are long: Hypothesis warns that it would rather not print them.
QUIET = pytest.mark.filterwarnings("ignore:Generating overly large repr")


@QUIET
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_check_passes(wsgi_app, real_values, token_of, role):
    outcome = _run(wsgi_app, real_values, token_of(role), MAX_EXAMPLES)
    assert len(outcome.statuses) >= 11  # every operation was reached
    reached = {label for label, codes in outcome.statuses.items() if 200 in codes}
    assert {"GET /api/me", "GET /api/organizations/{code}", "POST /api/reports/check-figures"} <= reached
    if role == "officer":  # the run reached real records and changed them, not only 404s and 400s
        assert {
            "GET /api/members/{member_id}",
            "GET /api/members/{member_id}/events",
            "PATCH /api/members/{member_id}",
        } <= reached, outcome.statuses
    if role == "viewer":  # personal data: refused to a read-only role, whatever the request
        assert 200 not in outcome.statuses["GET /api/members/{member_id}"]


@QUIET
@pytest.mark.fuzz
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_check_passes_long(wsgi_app, real_values, token_of, role):
    examples = int(os.environ.get("DANGBO_FUZZ_EXAMPLES", "100"))
    outcome = _run(wsgi_app, real_values, token_of(role), examples)
    print(f"{role}: {outcome.cases} requests in {outcome.seconds:.0f} s")
