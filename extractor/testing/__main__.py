"""``python -m extractor.testing [DIR] [--latency S] [--generate] [--site KIND:A,B] [--log FILE]``.

Serves a local site from a separate process (``serve_in_subprocess``, the benchmarks).
"""

from ._localsite import _main

if __name__ == "__main__":
    raise SystemExit(_main())
