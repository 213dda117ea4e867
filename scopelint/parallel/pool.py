"""The process pool of the per-file phase: files that passed the prefilter and have no cached
result are analysed here, in this process while they are few, in a pool of workers once
enough of them wait (a pool costs a start-up that a handful of files does not repay).

A parallel run reports exactly what a serial one does, in the same order: `submit` hands
out a ticket, `result` gives that ticket's outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from scopelint.model import FileError, FileOutcome

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_MIN_FILES = 24  # files to analyse: fewer are done faster than a pool starts
BATCH = 8  # files per pool task: one round trip per batch, not per file

Pending = TypeVar("Pending")
_WORKER_ANALYSE: Callable | None = None


class Analysis(Generic[Pending]):
    def __init__(
        self,
        analyse: Callable[[Pending], FileOutcome],
        path_of: Callable[[Pending], str],
        jobs: int,
        pool_allowed: bool,
        before_pool: Callable[[], object] = lambda: None,
    ) -> None:
        self.analyse = analyse
        self.path_of = path_of
        self.jobs = jobs
        self.pool_allowed = pool_allowed
        self.before_pool = before_pool  # what the workers should inherit ready-made
        self.waiting: list[Pending] = []  # not yet sent: before the pool starts, or a batch filling
        self.tickets: list = []  # an outcome, or (batch future, index in it, path), or None while waiting
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, pending: Pending) -> int:
        ticket = len(self.tickets)
        if not self.pool_allowed:
            self.tickets.append(self.analyse(pending))  # in order, memory stays flat
            return ticket
        self.tickets.append(None)
        self.waiting.append(pending)
        if self.pool is None and len(self.waiting) >= PARALLEL_MIN_FILES:
            self.start_pool()
        if self.pool is not None and len(self.waiting) >= BATCH:
            self._send()
        return ticket

    def start_pool(self) -> None:
        from concurrent.futures import ProcessPoolExecutor  # only runs that need a pool pay for it

        self.before_pool()  # e.g. the rule packs: loaded once here, not once per worker
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker, initargs=(self.analyse,))

    def _send(self) -> None:
        """Everything waiting goes to the pool, BATCH files per task."""
        assert self.pool is not None  # called once the pool has started
        first = len(self.tickets) - len(self.waiting)
        for start in range(0, len(self.waiting), BATCH):
            batch = self.waiting[start : start + BATCH]
            try:
                future = self.pool.submit(work_batch, batch)
            except OSError:
                # No process to spare (the pool starts its workers on the first task): the
                # rest is analysed here, as in a serial run.
                self.pool_allowed = False
                for offset, pending in enumerate(self.waiting[start:]):
                    self.tickets[first + start + offset] = self.analyse(pending)
                break
            for index, pending in enumerate(batch):
                self.tickets[first + start + index] = (future, index, self.path_of(pending))
        self.waiting = []

    def result(self, ticket: int) -> FileOutcome:
        item = self.tickets[ticket]
        if item is None and self.pool is not None:  # in a batch still filling
            self._send()
            item = self.tickets[ticket]
        if item is None:  # never reached the pool: too few to pay for it
            first = len(self.tickets) - len(self.waiting)
            item = self.tickets[ticket] = self.analyse(self.waiting[ticket - first])
        elif not isinstance(item, FileOutcome):
            from concurrent.futures.process import BrokenProcessPool  # loaded with the pool

            future, index, path = item
            try:
                item = future.result()[index]
            except BrokenProcessPool:
                # A worker was killed (out of memory, a signal): every file it had not
                # finished is said to be unanalysed; the rest of the run is still reported.
                item = FileOutcome(
                    error=FileError(path, "not analysed: the process analysing it stopped (killed, or out of memory)")
                )
            self.tickets[ticket] = item
        return item

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _start_worker(analyse: Callable) -> None:
    global _WORKER_ANALYSE
    _WORKER_ANALYSE = analyse


def work_batch(batch: list) -> list[FileOutcome]:
    assert _WORKER_ANALYSE is not None
    return [_WORKER_ANALYSE(pending) for pending in batch]
