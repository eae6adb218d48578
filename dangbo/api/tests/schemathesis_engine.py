"""Schemathesis's engine (what `st run --checks all` runs: examples, coverage, fuzzing and stateful
phases, every check) against the project's WSGI application in this process, with a persona's token.

The engine calls the application from its worker threads; each call is given the test's own database
connection (as Django's live server test case does for an in-memory SQLite database), so the run sees
the test's records and everything it writes is rolled back with the test."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema


def shared_connection(app: Callable[..., Any]) -> Callable[..., Any]:
    """The WSGI application, answering in any thread on the calling thread's database connections."""
    from django.db import connections

    held = {alias: connections[alias] for alias in connections}
    for connection in held.values():
        connection.inc_thread_sharing()

    def call(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        for alias, connection in held.items():
            connections[alias] = connection
        return app(environ, start_response)

    call.held = held  # type: ignore[attr-defined]
    return call


def release(app: Callable[..., Any]) -> None:
    for connection in getattr(app, "held", {}).values():
        connection.dec_thread_sharing()


@contextmanager
def _wsgi_probes_fixed() -> Iterator[None]:
    """schemathesis 4.32's `ignored_auth` resends a request without its session, and the WSGI transport
    then hands the network-only options (max_redirects…) to werkzeug, which refuses them (TypeError):
    the check could not run at all. Drop them, as the transport itself does when a session is given."""
    from schemathesis.transport.wsgi import WSGI_TRANSPORT

    send = WSGI_TRANSPORT.send

    def fixed(case: Any, *, session: Any = None, **kwargs: Any) -> Any:
        if session is None:
            for name in ("max_redirects", "verify", "cert", "proxies"):
                kwargs.pop(name, None)
        return send(case, session=session, **kwargs)

    WSGI_TRANSPORT.send = fixed  # type: ignore[method-assign]
    try:
        yield
    finally:
        del WSGI_TRANSPORT.send


@dataclass
class Finding:
    code: str
    title: str
    operation: str
    message: str
    curl: str = ""
    answer: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.operation}: {self.title}\n{self.message}\n{self.curl}\n-> {self.answer}"


@dataclass
class Outcome:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cases: int = 0
    statuses: dict[str, set[int]] = field(default_factory=dict)
    stop_reason: str = ""
    seconds: float = 0.0


def run(
    app: Callable[..., Any],
    token: str,
    *,
    max_examples: int,
    seed: int,
    hooks: Callable[[Any], None] | None = None,
    exclude: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Outcome:
    """One run of every phase and check (as `st run --checks all`), with `max_examples` per operation
    and phase, deterministic for a given `seed`."""
    settings: dict[str, Any] = {
        "seed": seed,
        "workers": 1,
        "headers": {"Authorization": f"Bearer {token}"},
        "generation": {
            "max-examples": max_examples,
            "mode": "all",
            "deterministic": True,
            "database": "none",
        },
        "checks": {"max_response_time": 10.0},
        "phases": {"stateful": {"max-steps": max_examples}},
        **(extra or {}),
    }
    config = SchemathesisConfig.from_dict(settings)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)
    if hooks is not None:
        hooks(schema)
    outcome = Outcome()
    with _wsgi_probes_fixed():
        for event in from_schema(schema).execute():
            _record(event, outcome)
    return outcome


def _record(event: events.EngineEvent, outcome: Outcome) -> None:
    if isinstance(event, events.ScenarioFinished):
        recorder = event.recorder
        for case_id, interaction in recorder.interactions.items():
            outcome.cases += 1
            node = recorder.cases.get(case_id)
            label = node.value.operation.label if node is not None else recorder.label
            status = interaction.response.status_code if interaction.response else 0
            outcome.statuses.setdefault(label, set()).add(status)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                response = recorder.find_response(case_id=case_id)
                answer = ""
                if response is not None:
                    answer = f"{response.status_code} {response.content[:400].decode('utf-8', 'replace')}"
                outcome.findings.append(
                    Finding(
                        code=failure.code,
                        title=failure.title,
                        operation=failure.operation or recorder.label,
                        message=failure.message,
                        curl=info.code_sample,
                        answer=answer,
                    )
                )
    elif isinstance(event, events.NonFatalError):
        outcome.errors.append(f"{event.label}: {event.info.format()}")
    elif isinstance(event, events.FatalError):
        outcome.errors.append(f"fatal: {event.exception!r}")
    elif isinstance(event, events.EngineFinished):
        outcome.stop_reason = str(event.stop_reason)
        outcome.seconds = event.running_time


def unique(findings: list[Finding]) -> list[Finding]:
    """One finding per code, operation and title (the engine reports a failure once per scenario)."""
    seen: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        seen.setdefault((finding.code, finding.operation, finding.title), finding)
    return list(seen.values())
