"""Standard output closed by its reader (``itsmkit list | head``): stop quietly.

When the reader of a pipe stops reading, the next write raises ``BrokenPipeError``.
That is no error of the command or of the file system: the command stops without a
message and exits :data:`EXIT_BROKEN_PIPE`, the status a shell gives a program that
SIGPIPE ended (``git log | head``, ``ls | head``), so ``set -o pipefail`` sees what it
would with any other tool. Standard output is pointed at the null device first, so
Python's final flush does not complain ("Exception ignored ... BrokenPipeError").
"""

from __future__ import annotations

import os
import sys

EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE (13)


def stdout_is_closed() -> bool:
    """Whether the reader of standard output has gone (a pipe whose read end is closed).

    A ``BrokenPipeError`` can come from another pipe (a child process's); only standard
    output's is the reader's choice. Where that cannot be told (no ``poll``), it is
    taken to be standard output's.
    """
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
    except (OSError, ValueError):
        return True
    import select

    if not hasattr(select, "poll"):
        return True
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def stdout_closed() -> int:
    """Silence standard output for the rest of the run; the exit status to end with."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno() if sys.__stdout__ is not None else 1)
        os.close(null)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE
