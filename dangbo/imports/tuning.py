"""What makes a large import faster but changes the whole process: taken only by the processes that
exist to import (the worker's task, dangbo.imports.tasks, and the import_xlsx command), never by
the web server, whose requests would pay for it.

- Python's cycle collector is paused: an import allocates millions of objects that live until its
  end (rows, people, periods, plans); the collector would walk all of them again and again and free
  nothing. Reference counting still frees everything else; cycles wait for the end.
- The GIL's switch interval is short (0,2 ms instead of 5 ms): the bulk writer's thread
  (imports.bulk.Writer) needs the GIL now and then to bind a batch, and would otherwise wait for the
  checking thread that long each time.

Both are given back when the import ends; counted, so that overlapping imports (threads) give them
back when the last one ends, and a collector paused by someone else is left paused.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SWITCH_INTERVAL = 0.0002  # seconds (Python's default: 0.005)

_lock = threading.Lock()
_count = 0
_gc_was_enabled = True
_interval = 0.005


@contextmanager
def tuned_for_import() -> Iterator[None]:
    global _count, _gc_was_enabled, _interval
    with _lock:
        if _count == 0:
            _gc_was_enabled = gc.isenabled()
            _interval = sys.getswitchinterval()
            gc.disable()
            sys.setswitchinterval(min(_interval, SWITCH_INTERVAL))
        _count += 1
    try:
        yield
    finally:
        with _lock:
            _count -= 1
            if _count == 0:
                sys.setswitchinterval(_interval)
                if _gc_was_enabled:
                    gc.enable()
