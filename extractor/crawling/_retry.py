"""Retry policy: which faults a retry may cure, how long to wait, and the final error.

The loop itself is tenacity's (``AsyncRetrying``); this module only supplies
its predicate, its wait and the translation of the last fault into the
project's ``FetchError`` tree.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
)

from .._exceptions import FetchError, HTTPStatusError, NetworkError

__all__ = [
    "RETRYABLE_STATUSES",
    "AttemptTimeout",
    "Backoff",
    "RetryableStatus",
    "TruncatedBody",
    "describe_fault",
    "final_error",
    "is_retryable",
    "make_retrying",
    "parse_retry_after",
]

# Statuses a later attempt may cure: RFC 9110 §15.5.9 (408), §15.6 (5xx), RFC 6585 §4 (429).
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# httpx faults that say nothing about the resource itself: the next attempt may well succeed.
# RemoteProtocolError covers a connection closed mid-body ("incomplete chunked read",
# fewer bytes than Content-Length); ReadError covers a reset mid-body.
_RETRYABLE_FAULTS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class RetryableStatus(Exception):
    """A response with a status in ``RETRYABLE_STATUSES`` (internal retry signal)."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class TruncatedBody(Exception):
    """The body ended before the announced Content-Length (internal retry signal)."""

    def __init__(self, received: int, expected: int) -> None:
        super().__init__(f"truncated body: {received} of {expected} bytes")


class AttemptTimeout(Exception):
    """The total per-attempt deadline expired (internal retry signal)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")


def is_retryable(exc: BaseException) -> bool:
    """Whether another attempt may cure ``exc`` (transient network fault or status)."""
    return isinstance(exc, (RetryableStatus, TruncatedBody, AttemptTimeout, *_RETRYABLE_FAULTS))


def describe_fault(exc: BaseException) -> str:
    """A short human reason for a fault, for events, logs and failure records."""
    if isinstance(exc, RetryableStatus | TruncatedBody | AttemptTimeout | FetchError):
        return str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return f"{_kind(exc)} ({exc})" if str(exc) else _kind(exc)
    if isinstance(exc, httpx.ConnectError):
        return f"connect error: {exc}" if str(exc) else "connect error"
    if isinstance(exc, httpx.RemoteProtocolError) and not _is_disconnect(exc):
        # Garbage for a status line, a bad Content-Length, broken chunking, huge headers:
        # the server answered, but not in HTTP. Saying "connection dropped" would mislead.
        return f"malformed HTTP response: {_readable(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError) and "without sending a response" in str(exc):
        return "connection closed without a response"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return f"connection dropped mid-response: {exc}" if str(exc) else "connection dropped"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# Words of h11/httpcore messages for a peer that closed or reset the connection early,
# as opposed to one that sent something that is not HTTP.
_DISCONNECT_WORDS = ("disconnect", "peer closed", "incomplete", "reset", "closed connection")
_BYTEARRAY_REPR = re.compile(r"bytearray\((b(['\"]).*?\2)\)")


def _is_disconnect(exc: httpx.RemoteProtocolError) -> bool:
    text = str(exc).lower()
    return not text or any(word in text for word in _DISCONNECT_WORDS)


def _readable(exc: BaseException) -> str:
    """h11 quotes the offending bytes as ``bytearray(b'...')``: keep just ``b'...'``."""
    return _BYTEARRAY_REPR.sub(r"\1", str(exc))


def _kind(exc: httpx.TimeoutException) -> str:
    names = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "read timeout",
        httpx.WriteTimeout: "write timeout",
        httpx.PoolTimeout: "pool timeout",
    }
    return names.get(type(exc), "timeout")


def final_error(exc: BaseException, attempts: int) -> FetchError:
    """The ``FetchError`` to raise once retries are exhausted (or not allowed) for ``exc``."""
    if isinstance(exc, FetchError):
        exc.attempts = attempts
        return exc
    suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
    if isinstance(exc, RetryableStatus):
        return HTTPStatusError(f"HTTP {exc.status}{suffix}", status=exc.status, attempts=attempts)
    if is_retryable(exc):
        return NetworkError(describe_fault(exc) + suffix, attempts=attempts)
    # Anything else (invalid URL, unsupported scheme, undecodable Content-Encoding): a later
    # run would meet the same fault, so the base class with transient=False.
    return FetchError(describe_fault(exc), attempts=attempts)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (RFC 9110 §10.2.3), or None if unusable.

    Both forms are accepted: delta-seconds (``120``) and an HTTP-date
    (``Fri, 31 Dec 1999 23:59:59 GMT``); a date in the past means "now" (0).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 850 / asctime forms carry no zone: they mean GMT
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


class Backoff:
    """tenacity ``wait``: Retry-After (capped) when the server sent one, else jittered backoff.

    Exponential backoff with additive jitter: ``min(maximum, initial * 2**(n-1) + U(0, initial))``
    so concurrent clients that failed together do not retry together.
    """

    def __init__(self, *, initial: float, maximum: float, retry_after_cap: float) -> None:
        self.initial = initial
        self.maximum = maximum
        self.retry_after_cap = retry_after_cap

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, self.retry_after_cap)
        exponent = state.attempt_number - 1
        try:
            delay = self.initial * 2.0**exponent
        except OverflowError:
            delay = self.maximum
        return min(self.maximum, delay + random.uniform(0, self.initial))


def make_retrying(
    *,
    max_retries: int,
    backoff: Backoff,
    before_sleep: Callable[[RetryCallState], None],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncRetrying:
    """A tenacity controller: ``max_retries`` retries after the first try, retryable faults only.

    ``reraise=True`` so the caller sees the last real fault, never tenacity's RetryError.
    """
    return AsyncRetrying(
        stop=stop_after_attempt(max_retries + 1),
        retry=retry_if_exception(is_retryable),
        wait=backoff,
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
