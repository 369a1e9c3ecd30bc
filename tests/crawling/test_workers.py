"""The forked workers under the parse pool: calls, answers, deaths, cancellation, closing."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import pytest

from extractor.crawling._workers import WorkerDied, Workers


class Refused(Exception):
    """Raised by a call, to come back as itself."""


class Unpicklable(Exception):
    def __init__(self, message: str, handle: Any) -> None:
        super().__init__(message)
        self.handle = handle

    def __reduce__(self) -> Any:
        raise TypeError("no pickling")


def _explode() -> None:
    raise ValueError("cannot be rebuilt here")


class Unreadable:
    """Pickles fine in the worker; rebuilding it in the pool's process raises."""

    def __reduce__(self) -> Any:
        return (_explode, ())


def unreadable() -> Unreadable:
    return Unreadable()


def square(value: int) -> int:
    return value * value


def whose() -> int:
    return os.getpid()


def refuse(reason: str) -> None:
    raise Refused(reason)


def refuse_unpicklably() -> None:
    raise Unpicklable("a parser bug", handle=lambda: None)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def slow(seconds: float, value: int) -> int:
    time.sleep(seconds)
    return value


def test_calls_come_back_in_any_number_and_order() -> None:
    async def scenario() -> list[int]:
        workers = Workers(2)
        try:
            return list(await asyncio.gather(*(workers.call(square, n) for n in range(50))))
        finally:
            await workers.aclose()

    assert asyncio.run(scenario()) == [n * n for n in range(50)]


def test_calls_run_in_at_most_size_other_processes() -> None:
    async def scenario() -> set[int]:
        workers = Workers(2)
        try:
            return set(await asyncio.gather(*(workers.call(whose) for _ in range(20))))
        finally:
            await workers.aclose()

    pids = asyncio.run(scenario())
    assert 1 <= len(pids) <= 2
    assert os.getpid() not in pids


def test_exceptions_come_back_as_themselves_or_described() -> None:
    async def scenario() -> tuple[BaseException, BaseException]:
        workers = Workers(1)
        try:
            results = await asyncio.gather(
                workers.call(refuse, "not an exercise"),
                workers.call(refuse_unpicklably),
                return_exceptions=True,
            )
        finally:
            await workers.aclose()
        first, second = results
        assert isinstance(first, BaseException)
        assert isinstance(second, BaseException)
        return first, second

    refused, described = asyncio.run(scenario())
    assert isinstance(refused, Refused)
    assert str(refused) == "not an exercise"
    assert isinstance(described, RuntimeError)
    assert "Unpicklable: a parser bug" in str(described)


def test_an_answer_that_cannot_be_read_fails_its_call_only() -> None:
    async def scenario() -> list[object]:
        workers = Workers(1)
        try:
            calls = [workers.call(unreadable), workers.call(square, 3)]
            return await asyncio.gather(*calls, return_exceptions=True)
        finally:
            await workers.aclose()

    failed, answered = asyncio.run(scenario())
    assert isinstance(failed, RuntimeError)
    assert "cannot be rebuilt here" in str(failed)
    assert answered == 9


def test_a_death_fails_only_the_call_it_ran_and_the_pool_goes_on() -> None:
    # One worker, so the calls behind the fatal one wait in its pipe: they must be sent
    # again to the replacement, not failed with it.
    async def scenario() -> list[object]:
        workers = Workers(1, depth=4)
        try:
            calls = [workers.call(slow, 0.05, 1), workers.call(die)]
            calls += [workers.call(square, n) for n in range(2, 6)]
            return await asyncio.gather(*calls, return_exceptions=True)
        finally:
            await workers.aclose()

    outcomes = asyncio.run(scenario())
    assert outcomes[0] == 1
    assert isinstance(outcomes[1], WorkerDied)
    assert "SIGKILL" in str(outcomes[1]) or "unknown" in str(outcomes[1])
    assert outcomes[2:] == [n * n for n in range(2, 6)]


def test_a_cancelled_call_drops_its_answer_and_frees_its_place() -> None:
    async def scenario() -> list[int]:
        workers = Workers(1)
        try:
            running = asyncio.ensure_future(workers.call(slow, 0.2, 7))
            await asyncio.sleep(0.05)
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
            return list(await asyncio.gather(*(workers.call(square, n) for n in range(4))))
        finally:
            await workers.aclose()

    assert asyncio.run(scenario()) == [0, 1, 4, 9]


def test_closing_stops_every_worker_even_a_busy_one() -> None:
    async def scenario() -> tuple[list[int], BaseException]:
        workers = Workers(2)
        pids = list(await asyncio.gather(workers.call(whose), workers.call(whose)))
        busy = asyncio.ensure_future(workers.call(slow, 30, 0))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await workers.aclose()
        assert time.monotonic() - started < 5
        outcome = await asyncio.gather(busy, return_exceptions=True)
        assert isinstance(outcome[0], BaseException)
        return pids, outcome[0]

    pids, outcome = asyncio.run(scenario())
    assert isinstance(outcome, WorkerDied)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_worker_is_a_separate_process_that_ignores_ctrl_c() -> None:
    async def scenario() -> int:
        workers = Workers(1)
        try:
            pid = int(await workers.call(whose))
            os.kill(pid, signal.SIGINT)  # a Ctrl-C on the terminal reaches the whole group
            await asyncio.sleep(0.1)
            assert await workers.call(whose) == pid  # the same worker, still serving
            return pid
        finally:
            await workers.aclose()

    assert asyncio.run(scenario()) != os.getpid()
