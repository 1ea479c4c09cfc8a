"""How a Cruscotto process runs Python: set once, where a process starts (the command line,
the WSGI application, the tests).

An import or a page builds hundreds of thousands of short-lived objects (model instances,
parsed rows, template nodes). With Python's default threshold the cyclic garbage collector
runs every 700 new objects and, every hundred of those runs, walks every object alive.
Collecting every 20,000 instead keeps a cycle's garbage a few milliseconds longer: the
import of the seed rendiconto (bench/import_rendiconto.py) went from 577 to 369 ms and its
peak memory from 110 to 129 MiB; the test suite's figures are in docs/development.md.
"""

from __future__ import annotations

import gc

# The youngest generation is collected after this many new container objects; the older two
# after 10 collections of the one below, as Python's default.
YOUNG_OBJECTS_PER_COLLECTION = 20_000


def tune_garbage_collector() -> None:
    """Collect cyclic garbage every YOUNG_OBJECTS_PER_COLLECTION new objects."""
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, 10, 10)
