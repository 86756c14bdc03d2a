"""A progress bar on standard error, for long runs on a terminal; nothing otherwise.

The bar appears only when standard error is a terminal and the run is long: it reads at
least :data:`MINIMUM_FILES` files (validate, audit), renders :data:`MINIMUM_DOCUMENTS`
artefacts (render all) or imports :data:`MINIMUM_ROWS` export rows (import); converting
to PDF shows one whatever the count (LibreOffice takes seconds even for one file).
``ITSMKIT_PROGRESS=always`` forces it (any size, even when not a terminal),
``ITSMKIT_PROGRESS=never`` turns it off.

A command with several phases (render all: reading, rendering, converting to PDF) nests
one :func:`file_progress` per phase with ``clear_when_done``: each bar goes away once its
count is complete, so one bar shows at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Below this many files a run takes well under a second: no bar.
MINIMUM_FILES = 2000
# Rendering one artefact to Markdown and Word takes tens of milliseconds.
MINIMUM_DOCUMENTS = 20
# About two megabytes of export.
MINIMUM_ROWS = 10_000
# Converting to PDF starts LibreOffice: seconds, however few the files.
MINIMUM_PDFS = 1


@contextmanager
def file_progress(
    label: str, *, minimum: int = MINIMUM_FILES, clear_when_done: bool = False
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``(done, total)`` callback that drives a bar, or None when none is wanted.

    The bar shows once ``total`` reaches ``minimum`` (files, documents, rows: whatever
    takes long in that many). With ``clear_when_done`` it goes away (and stays away) once
    ``done`` reaches ``total``, not only when the block ends: for a phase of a longer run.
    """
    mode = os.environ.get("ITSMKIT_PROGRESS", "auto").lower()
    if mode == "never":
        yield None
        return
    from rich.console import Console

    forced = mode == "always"
    console = Console(stderr=True, force_terminal=True if forced else None)
    if not console.is_terminal:
        yield None
        return
    if forced:
        minimum = 0
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < minimum or state.get("finished"):
            return
        if clear_when_done and "bar" not in state and done >= total:
            state["finished"] = True  # over before it was seen (e.g. read from the cache)
            return
        if "bar" not in state:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)
        if clear_when_done and done >= total:  # the phase is over: room for the next bar
            state["bar"].stop()
            state["finished"] = True

    try:
        yield update
    finally:
        if "bar" in state and not state.get("finished"):
            state["bar"].stop()
