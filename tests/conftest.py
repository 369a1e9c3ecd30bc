"""Hypothesis profiles: ``make test`` is deterministic, ``make fuzz`` explores.

A property test draws new pages on every run; one that finds a new corner case would
turn a clean clone's CI red on a change that has nothing to do with it. So ``make test``
runs the ``ci`` profile (the same examples every run, chosen from the test's code) and
``make fuzz`` the ``fuzz`` profile (random seeds, many more examples), whose finds are
fixed and then pinned with ``@example`` in the test they broke.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("fuzz", derandomize=False, max_examples=2_000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
