"""How a Cruscotto process runs Python: set once, where a process starts (the command line,
the WSGI application, the tests).

An import or a page builds hundreds of thousands of short-lived objects (model instances,
parsed rows, template nodes). With Python's default threshold the cyclic garbage collector
runs every 700 new objects and, every hundred of those runs, walks every object alive:
about a fifth of the CPU of an import or of the test suite went to it. Collecting every
20,000 instead keeps a cycle's garbage for a few milliseconds longer, at a cost of tens of
megabytes at the peak of an import (the figures are in docs/development.md).
"""

from __future__ import annotations

import gc

# The youngest generation is collected after this many new container objects; the older two
# after 10 collections of the one below, as Python's default.
YOUNG_OBJECTS_PER_COLLECTION = 20_000


def tune_garbage_collector() -> None:
    """Collect cyclic garbage every YOUNG_OBJECTS_PER_COLLECTION new objects."""
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, 10, 10)
