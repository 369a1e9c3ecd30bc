"""The HTML front end works in a process forked while other threads parse.

The crawl forks its parse workers while pages are read in threads. An lxml ``XPath`` object holds
a lock while it evaluates, so a child forked mid-evaluation inherited the lock held and hung on
its first page (seen as a crawl that stopped with both workers asleep in ``holds_disclosure``).
"""

from __future__ import annotations

import os
import signal
import threading
import time

import lxml.html

from extractor.parsing.html._elements import _XPATHS, holds_disclosure

_ITEM = "<li><details><summary>More</summary>text</details></li>"


def _child_reads_an_item(write_end: int) -> None:
    item = lxml.html.fragment_fromstring(_ITEM)
    os.write(write_end, b"1" if holds_disclosure(item) else b"0")
    os._exit(0)


def test_a_forked_process_compiles_its_own_xpath_objects() -> None:
    before = _XPATHS.disclosure_candidates  # held, so a new object cannot reuse its address
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        fresh = _XPATHS.disclosure_candidates is not before
        os.write(write_end, b"1" if fresh else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read_end, 1) == b"1"


def test_children_forked_while_a_thread_evaluates_never_hang() -> None:
    page = lxml.html.fromstring("<ul>" + _ITEM * 2000 + "</ul>")
    stop = threading.Event()

    def evaluate() -> None:
        while not stop.is_set():
            for item in page:
                holds_disclosure(item)

    worker = threading.Thread(target=evaluate, daemon=True)
    worker.start()
    hung = 0
    try:
        for _ in range(20):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                _child_reads_an_item(write_end)
            deadline = time.monotonic() + 10
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    hung += 1
                    break
                time.sleep(0.01)
            else:
                assert os.read(read_end, 1) == b"1"
            os.close(read_end)
            os.close(write_end)
    finally:
        stop.set()
        worker.join()
    assert hung == 0
