"""Forked worker processes driven by the event loop: one call at a time each, over its pipes.

Why not a pool library: the crawl sends each worker a page of about 100 KB and gets a record
back, hundreds of times a second, and a worker that dies must fail only the page it held.
pebble (the pool used before) gives that guarantee with a channel all workers share: a lock
and an acknowledgement per task, and three threads in the crawl's process fighting the event
loop for the GIL. py-spy on bench/crawl_vs_scrapy.py put a quarter of each worker's time and
0.4 ms per page of the crawl's CPU in that machinery. ``concurrent.futures`` breaks whole when
one worker dies. Here each worker has its own two pipes, read and written by the event loop
itself (no thread), so the pool always knows which call each worker holds:

- **A call** is one length-prefixed pickle down the worker's task pipe (asyncio's pipe
  transport buffers it: the loop never blocks on a busy worker) and one back up its result
  pipe. The worker sends the function's result or its exception.
- **A worker that dies** (killed, out of memory, a crash in lxml) closes its result pipe: the
  call it was running fails with ``WorkerDied``, the calls queued behind it go to another
  worker, and the next call starts a new one.
- **A cancelled call** runs to its end in its worker (it cannot be taken back from the
  pipe); its answer is dropped. ``aclose`` stops the workers, whatever they run.
- **No orphan.** Each worker asks the kernel for SIGKILL when the process that started it
  dies (``PR_SET_PDEATHSIG``, Linux), ignores SIGINT (a Ctrl-C on the terminal is the
  crawl's to handle) and forgets the crawl's signal wake-up pipe (a forked worker inherits
  it: the SIGTERM that stops a worker would otherwise read, in the crawl, as its own).
- **Forked**, so a worker starts at once with the parser imported, and a script calling
  ``extractor.crawl()`` without an ``if __name__ == "__main__"`` guard does not hang (a
  spawned worker would import the caller's ``__main__`` again). A worker only ever runs the
  functions it is sent; it holds none of the locks the crawl's other threads may hold.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["WorkerDied", "Workers", "can_fork"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_HEADER = 8  # bytes of a message's length prefix
_PIPE_BYTES = 1 << 20  # /proc/sys/fs/pipe-max-size's default: the most a user may ask


class WorkerDied(Exception):
    """The worker process running the call died before it answered."""


class _NotStarted(WorkerDied):
    """The worker died while the call still waited in its pipe (sent again elsewhere)."""


def can_fork() -> bool:
    """True where workers can be started (a platform with ``fork``)."""
    return "fork" in multiprocessing.get_all_start_methods()


class Workers:
    """At most ``size`` forked workers, started as calls need them; see the module docstring.

    Each worker holds up to ``depth`` calls: the next one waits in its pipe while it runs the
    current one, so it never idles until the event loop (busy fetching) reads its answer
    and sends it more. A worker that dies fails only the call it was running: those queued
    behind it are sent to another worker.

    Use from one event loop; ``aclose`` stops every worker and waits for it.
    """

    def __init__(self, size: int, *, depth: int = 2) -> None:
        if size < 1 or depth < 1:
            raise ValueError("size and depth must be >= 1")
        self._size = size
        self._slots = asyncio.Semaphore(size * depth)  # calls held by the workers at once
        self._live: list[_Worker] = []
        self._starting = asyncio.Lock()
        self._closed = False

    async def call(self, function: Callable[..., Any], *arguments: Any) -> Any:
        """``function(*arguments)`` in a worker: its result, or the exception it raised there
        (``WorkerDied`` if the worker died running it). ``function`` and ``arguments`` must
        pickle; ``function`` is pickled by name (a module-level function). A cancelled call
        still runs in its worker (it cannot be taken back from the pipe); its answer is
        dropped."""
        while True:
            async with self._slots:
                worker = await self._take()
                try:
                    ok, value = await worker.send(function, arguments)
                except _NotStarted:
                    continue  # queued behind the call that killed its worker: send it again
            if ok:
                return value
            raise value

    async def aclose(self) -> None:
        """Stop every worker (a call still running is abandoned) and wait for it to exit."""
        self._closed = True
        workers, self._live = self._live, []
        for worker in workers:
            worker.stop()
        await asyncio.gather(*(asyncio.to_thread(worker.join) for worker in workers))

    async def _take(self) -> _Worker:
        """The least busy live worker, or a new one while there are fewer than ``size`` and
        all are busy. A slot is held: some worker has room."""
        if self._closed:
            raise RuntimeError("the workers are closed")
        self._live = [worker for worker in self._live if worker.alive]
        least = min(self._live, key=_Worker.load, default=None)
        if least is not None and (least.load() == 0 or len(self._live) >= self._size):
            return least
        async with self._starting:  # one start at a time, or callers would each start one
            self._live = [worker for worker in self._live if worker.alive]
            if len(self._live) < self._size:
                # The other workers' pipe ends, which the new worker must close: holding
                # them open would hide another worker's exit from the pool.
                inherited = [fd for worker in self._live for fd in worker.parent_fds]
                worker = await _Worker.start(inherited)
                self._live.append(worker)
                return worker
        return min(self._live, key=_Worker.load)


class _Worker:
    """One worker process and the event loop's ends of its two pipes."""

    def __init__(
        self,
        process: Any,
        tasks: asyncio.WriteTransport,
        results: _Results,
        parent_fds: tuple[int, int],
    ) -> None:
        self.process = process
        self._tasks = tasks
        self._results = results
        self.parent_fds = parent_fds
        """This side's ends of the pipes (open while the worker is alive)."""
        self._answers: deque[asyncio.Future[tuple[bool, Any]]] = deque()  # in call order

    @classmethod
    async def start(cls, inherited: list[int]) -> _Worker:
        task_read, task_write = os.pipe()
        _widen(task_write)
        result_read, result_write = os.pipe()
        context = multiprocessing.get_context("fork")
        child_closes = [task_write, result_read, *inherited]
        process = context.Process(
            target=_serve,
            args=(task_read, result_write, os.getpid(), child_closes),
            name="extractor-parse-worker",
            daemon=True,
        )
        try:
            process.start()
        except BaseException:
            os.close(task_write)
            os.close(result_read)
            raise
        finally:
            os.close(task_read)
            os.close(result_write)
        loop = asyncio.get_running_loop()
        results = _Results()
        await loop.connect_read_pipe(lambda: results, os.fdopen(result_read, "rb", buffering=0))
        tasks, _ = await loop.connect_write_pipe(
            asyncio.Protocol, os.fdopen(task_write, "wb", buffering=0)
        )
        worker = cls(process, tasks, results, (task_write, result_read))
        results.worker = worker
        return worker

    @property
    def alive(self) -> bool:
        return not self._results.closed

    def load(self) -> int:
        """Calls sent and not answered yet."""
        return len(self._answers)

    def send(
        self, function: Callable[..., Any], arguments: tuple[Any, ...]
    ) -> asyncio.Future[tuple[bool, Any]]:
        """Queue a call in the worker's pipe (never blocks); the future gets (ok, value)."""
        answer: asyncio.Future[tuple[bool, Any]] = asyncio.get_running_loop().create_future()
        if not self.alive:
            answer.set_exception(WorkerDied("the worker process had already exited"))
            return answer
        payload = pickle.dumps((function, arguments), protocol=pickle.HIGHEST_PROTOCOL)
        self._answers.append(answer)
        self._tasks.writelines([len(payload).to_bytes(_HEADER, "big"), payload])
        return answer

    def answered(self, message: bytes) -> None:
        if not self._answers:
            return
        answer = self._answers.popleft()
        if answer.done():  # cancelled: the answer is dropped
            return
        try:
            answer.set_result(pickle.loads(message))
        except Exception as exc:  # e.g. a result whose class this process cannot import
            answer.set_exception(RuntimeError(f"unreadable answer from a worker: {exc}"))

    def exited(self) -> None:
        """The result pipe closed: the process is gone (or going). The call it was running
        (the first unanswered) fails; the calls queued behind it never started."""
        self._tasks.close()
        code = self.process.exitcode  # None while the kernel has not reported it yet
        self._fail_answers(f"exit code {_describe_exit(code)}", queued=_NotStarted)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.terminate()
        self._tasks.close()
        self._results.close()
        self._fail_answers("stopped: the workers were closed", queued=WorkerDied)

    def _fail_answers(self, message: str, *, queued: type[WorkerDied]) -> None:
        """Fail every unanswered call: the first with ``WorkerDied``, the rest with ``queued``."""
        answers, self._answers = self._answers, deque()
        for position, answer in enumerate(answers):
            if not answer.done():
                answer.set_exception((WorkerDied if position == 0 else queued)(message))

    def join(self) -> None:
        self.process.join(timeout=5)
        if self.process.is_alive():  # it ignored SIGTERM (stuck in C code)
            self.process.kill()
            self.process.join()


class _Results(asyncio.Protocol):
    """Reads the length-prefixed answers of one worker's result pipe."""

    def __init__(self) -> None:
        self.worker: _Worker | None = None
        self.closed = False
        self._transport: asyncio.ReadTransport | None = None
        self._buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.ReadTransport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _HEADER:
            size = int.from_bytes(self._buffer[:_HEADER], "big")
            if len(self._buffer) < _HEADER + size:
                return
            message = bytes(self._buffer[_HEADER : _HEADER + size])
            del self._buffer[: _HEADER + size]
            if self.worker is not None:
                self.worker.answered(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.worker is not None:
            self.worker.exited()

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()


def _widen(pipe: int) -> None:
    """Let the pipe hold a few pages at once (Linux; 64 KB by default): a page then goes in
    with one write, instead of a write per 64 KB, each woken by the event loop (py-spy: a
    tenth of the crawl's event loop went to those wake-ups with 100 KB pages)."""
    with contextlib.suppress(OSError, ImportError, AttributeError):  # the cap, or not Linux
        import fcntl  # POSIX only

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "unknown"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"{code} ({signal.Signals(-code).name})"
    return str(code)


# -- in the worker process ----------------------------------------------------------------------


def _serve(tasks: int, results: int, parent: int, inherited: list[int]) -> None:
    """The worker's loop: read a call, run it, send its outcome; exit when the pool's end of
    the task pipe closes."""
    _detach(parent)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    while True:
        header = _read_exactly(tasks, _HEADER)
        if header is None:
            return
        message = _read_exactly(tasks, int.from_bytes(header, "big"))
        if message is None:
            return
        function, arguments = pickle.loads(message)
        outcome: tuple[bool, Any]
        try:
            outcome = (True, function(*arguments))
        except Exception as exc:
            outcome = (False, crossable(exc))
        try:
            answer = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a result that cannot pickle: its caller gets why
            answer = pickle.dumps((False, RuntimeError(f"unpicklable result: {exc}")))
        _write_all(results, len(answer).to_bytes(_HEADER, "big") + answer)


def _detach(parent: int) -> None:
    """Ignore the terminal's Ctrl-C, stop on SIGTERM, forget the crawl's signal wake-up pipe,
    and die with the process that started this one, even by SIGKILL (Linux)."""
    with contextlib.suppress(ValueError):  # not the main thread (cannot happen here)
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at end of file."""
    chunks = bytearray()
    while len(chunks) < size:
        chunk = os.read(fd, size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def crossable(exc: Exception) -> Exception:
    """``exc``, or a description of it when pickle cannot rebuild it in the pool's process."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
