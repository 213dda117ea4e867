"""Reading and prefiltering half of a big tree in a forked child process.

On a large tree most of a run is reading files and scanning them for the packs' texts,
and nearly every file is then dismissed: a second process halves that part. The child is
forked (it shares the parent's loaded prefilter and cache, nothing is imported again),
screens every second file and sends back the results; the parent screens the others
meanwhile. Anything that goes wrong in the child costs time, never results: the parent
screens the child's files itself.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

MIN_FILES = 400  # below this, a fork costs more than it saves

Result = TypeVar("Result")


def available() -> bool:
    # fork is only cheap and safe where it is the platform's own way (not macOS, not Windows)
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class ForkedScreen(Generic[Result]):
    """`screen(index)` for `indexes`, run in a child forked now. Fork before starting any
    thread (the analysis pool): a forked child gets only the forking thread."""

    def __init__(self, screen: Callable[[int], Result], indexes: Sequence[int]) -> None:
        import pickle  # here: a run that never forks does not pay for it

        self.indexes = indexes
        self._read_fd, write_fd = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:  # no process to spare (a process limit): the caller screens alone
            os.close(self._read_fd)
            os.close(write_fd)
            raise
        if self._pid == 0:  # the child: never returns
            os.close(self._read_fd)
            status = 1
            try:
                data = pickle.dumps([screen(index) for index in indexes], protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as stream:
                    stream.write(data)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write_fd)

    def results(self) -> dict[int, Result] | None:
        """index -> what `screen` returned; None if the child failed (screen them here)."""
        with os.fdopen(self._read_fd, "rb") as stream:
            data = stream.read()  # before waiting: the child may block on a full pipe
        self._read_fd = -1
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        import pickle

        try:
            values = pickle.loads(data)
        except Exception:  # a truncated answer is a failed child
            return None
        if len(values) != len(self.indexes):
            return None
        return dict(zip(self.indexes, values, strict=True))

    def close(self) -> None:
        """Stop and reap the child if the results were never collected (an interrupted run)."""
        if self._read_fd >= 0:
            os.close(self._read_fd)
            self._read_fd = -1
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
            self._pid = 0
