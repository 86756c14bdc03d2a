"""The cyclic garbage collector, paused for a command's work and never rescanning it.

A command that loads a large repository builds millions of objects that live until the
process exits. With the collector on, each of them is scanned again as it ages through
the collector's generations: measured, over a second of a warm 50k-record audit, spent
in passes that find nothing (loaded models hold no cycles). Inside :func:`kept`, the
collector is off; on leaving, what was built is moved out of its reach
(``gc.freeze``) before it is turned back on. This is a process-wide choice, so it is
made here, by the CLI that owns the process, never by the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from itsmkit.gcpause import gc_paused


@contextmanager
def kept() -> Iterator[None]:
    """Run the block with the collector off; then freeze what it built and turn it on."""
    with gc_paused(freeze=True):
        yield
