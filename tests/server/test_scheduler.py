"""The server's debounce: a burst of changes is one analysis, a change during an analysis is
one more after it (whose results replace the stale ones), and `settle` waits for both."""

from __future__ import annotations

import asyncio

from scopelint.server.server import AnalysisScheduler


def test_a_burst_of_requests_is_one_run_and_a_request_during_a_run_one_more() -> None:
    async def scenario() -> None:
        started: list[bool] = []  # per run: whether a newer run was already on its way at its end
        running, release = asyncio.Event(), asyncio.Event()

        async def job() -> None:
            started.append(False)
            running.set()
            await release.wait()
            started[-1] = scheduler.superseded

        scheduler = AnalysisScheduler(job)
        for _ in range(5):
            scheduler.request(0.05)
        assert scheduler.superseded  # a run is due
        await asyncio.wait_for(running.wait(), 5)
        assert not scheduler.superseded
        scheduler.request(0)  # a change while the first run is going on
        release.set()
        await asyncio.wait_for(scheduler.settle(), 5)
        assert started == [True, False]  # the first run's results were stale, the second's not
        assert not scheduler.superseded

    asyncio.run(scenario())


def test_settle_runs_a_waiting_request_at_once() -> None:
    async def scenario() -> None:
        runs: list[int] = []

        async def job() -> None:
            runs.append(1)

        scheduler = AnalysisScheduler(job)
        scheduler.request(3600)  # far in the future: settle must not wait for it
        await asyncio.wait_for(scheduler.settle(), 5)
        assert runs == [1]

    asyncio.run(scenario())


def test_a_failing_run_does_not_stop_the_next() -> None:
    async def scenario() -> None:
        runs: list[int] = []

        async def job() -> None:
            runs.append(1)
            if len(runs) == 1:
                raise RuntimeError("an internal error")

        scheduler = AnalysisScheduler(job)
        scheduler.request(0)
        await asyncio.wait_for(scheduler.settle(), 5)
        scheduler.request(0)
        await asyncio.wait_for(scheduler.settle(), 5)
        assert runs == [1, 1]

    asyncio.run(scenario())
