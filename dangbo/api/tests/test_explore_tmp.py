import os
import time

import pytest

from dangbo.api.tests import schemathesis_engine as engine


@pytest.fixture
def wsgi_app(db):
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


@pytest.mark.parametrize("persona", os.environ.get("PERSONAS", "viewer,secretary_a,officer").split(","))
def test_explore(wsgi_app, people, token_of, persona):
    import faulthandler, sys
    faulthandler.dump_traceback_later(int(os.environ.get("DUMP", "100000")), repeat=True, file=sys.stderr)
    t = time.monotonic()
    out = engine.run(
        wsgi_app,
        token_of(persona),
        max_examples=int(os.environ.get("N", "20")),
        seed=int(os.environ.get("SEED", "1")),
    )
    print(f"\n=== {persona}: {out.cases} cases, {time.monotonic() - t:.1f}s, stop {out.stop_reason}")
    for label, codes in sorted(out.statuses.items()):
        print("   ", label, sorted(codes))
    for e in out.errors:
        print("ERROR", e)
    for f in engine.unique(out.findings):
        print("----", f)
