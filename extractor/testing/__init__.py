"""Local servers for tests, the demo and the benchmarks (127.0.0.1 only).

- ``_localsite``: serves a folder such as ``fixtures/site/`` with latency and faults on demand,
  or generated sites (``listing_site``, ``link_farm``: the discovery benchmarks);
  ``python -m extractor.testing`` runs it as a process of its own.

May import: nothing of the package; nothing of the package imports it.
"""

from ._localsite import (
    ORIGIN_PLACEHOLDER,
    Fault,
    GeneratedResponse,
    LocalSite,
    RequestLog,
    generated_exercise_page,
    link_farm,
    listing_site,
    max_in_window,
    serve_in_subprocess,
)

__all__ = [
    "ORIGIN_PLACEHOLDER",
    "Fault",
    "GeneratedResponse",
    "LocalSite",
    "RequestLog",
    "generated_exercise_page",
    "link_farm",
    "listing_site",
    "max_in_window",
    "serve_in_subprocess",
]
