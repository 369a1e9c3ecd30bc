"""The browser: the system's Chromium found on PATH (never a downloaded one), launched by
Playwright so that it dies with us, relaunched after a crash.

Why a launcher script: Playwright starts Chromium from its Node driver, which exits when our
process does (its stdin closes) and then kills the browsers it started. The launcher adds a
second, kernel-enforced tie: it sets ``PR_SET_PDEATHSIG`` (SIGKILL) before exec'ing Chromium,
so the browser dies with the driver whatever way the driver ends, and it writes the browser's
pid (the exec keeps it) for ``BrowserHost.pid``. Every process of the browser carries
``EXTRACTOR_BROWSER_OWNER=<our pid>`` in its environment, so an operator (or a test) can tell
which crawler a browser belongs to.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .._exceptions import BrowserUnavailable

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

__all__ = ["BROWSER_NAMES", "INSTALL_HINT", "OWNER_ENV", "BrowserHost", "find_browser"]

#: Executables looked for on PATH, in order.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install a Chromium (Debian/Ubuntu: `apt-get install chromium`; `make sysdeps-chromium` "
    "does it) or give its path with --browser PATH"
)
#: Set in the environment of every browser process we start (value: our pid).
OWNER_ENV = "EXTRACTOR_BROWSER_OWNER"

# Flags that work headless as root in containers, and keep the browser from phoning home.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    # The browser never reaches the network itself: every request of a page is answered by
    # the gate (the crawler's fetcher). Anything that escapes the interception (a download
    # is fetched by the browser's download manager, outside it) is sent to a proxy whose
    # name resolves nowhere, loopback included, and fails.
    "--proxy-server=http://no-network.invalid:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
_LAUNCH_TIMEOUT_MS = 30_000
_CLOSE_TIMEOUT = 5.0

# Run by the launcher script with a bare interpreter (-I -S: no site, fast): ties the browser
# to its parent (the driver) and becomes the browser. argv: expected parent pid, browser, args.
_PDEATHSIG = (
    "import ctypes,os,signal,sys\n"
    "ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)\n"  # 1 = PR_SET_PDEATHSIG
    "if os.getppid() != int(sys.argv[1]): os._exit(1)\n"  # the parent died before prctl
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def find_browser(given: str | os.PathLike[str] | None = None) -> Path:
    """The browser to use: ``given`` (a path or a command name) or the first of
    ``BROWSER_NAMES`` on PATH. Raises ``BrowserUnavailable`` saying how to get one."""
    if importlib.util.find_spec("playwright") is None:
        raise BrowserUnavailable(
            "the Python package playwright is not installed (pip install playwright); "
            "it drives the system's browser, no browser download is needed"
        )
    if given is not None:
        text = os.fspath(given)
        found = shutil.which(text)
        if found is None:
            raise BrowserUnavailable(f"--browser {text}: not an executable file; {INSTALL_HINT}")
        return Path(found)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    names = ", ".join(BROWSER_NAMES)
    raise BrowserUnavailable(f"no browser found on PATH (looked for {names}); {INSTALL_HINT}")


class BrowserHost:
    """One Chromium, started on first use and again after a crash; ``aclose()`` ends it.

    ``memory_mb`` caps each page's JavaScript heap (V8 ``--max-old-space-size``): a page
    beyond it crashes its own renderer, not the browser.
    """

    def __init__(self, executable: Path, *, memory_mb: int = 512) -> None:
        self.executable = executable
        self.memory_mb = memory_mb
        self.launches = 0
        """Browsers started so far (more than one: a crash was recovered from)."""
        self.pid: int | None = None
        """The running browser's process id, if any."""
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()
        self._dir: Path | None = None
        self._failed: BrowserUnavailable | None = None  # the browser would not start

    async def browser(self) -> Browser:
        """The running browser, started (or restarted after a crash) if need be."""
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._failed is not None:  # it would fail again: no 30 s wait per page
                raise self._failed
            try:
                self._browser = await self._launch()
            except BrowserUnavailable as exc:
                self._failed = exc
                raise
            return self._browser

    def connected(self, browser: Browser) -> bool:
        """Whether ``browser`` is still the live one (False once it crashed or closed)."""
        return browser is self._browser and browser.is_connected()

    async def lost(self, browser: Browser, *, within: float = 1.0) -> bool:
        """Whether ``browser`` died: a page operation just failed, and the news of the
        disconnection may arrive a moment after the failure it caused."""
        for _ in range(int(within / 0.05)):
            if not self.connected(browser):
                return True
            await asyncio.sleep(0.05)
        return not self.connected(browser)

    async def _launch(self) -> Browser:
        from playwright.async_api import Error, async_playwright

        if self._playwright is None:
            self._playwright = await async_playwright().start()
        launcher = self._launcher()
        env: dict[str, str | float | bool] = {**os.environ, OWNER_ENV: str(os.getpid())}
        flags = [*_FLAGS, f"--js-flags=--max-old-space-size={self.memory_mb}"]
        try:
            browser = await self._playwright.chromium.launch(
                executable_path=launcher,
                args=flags,
                env=env,
                timeout=_LAUNCH_TIMEOUT_MS,
                # Our signal handlers stop the crawl gracefully; pages in flight still need
                # the browser, which is closed by aclose() at the end.
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
            )
        except Error as exc:
            raise BrowserUnavailable(
                f"the browser {self.executable} did not start: {_first_line(exc)}; {INSTALL_HINT}",
                transient=True,  # the browser's fault, not the page's: a later run tries again
            ) from None
        self.launches += 1
        pid_file = launcher.with_suffix(".pid")
        with contextlib.suppress(OSError, ValueError):
            self.pid = int(pid_file.read_text().strip())
        return browser

    def _launcher(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="extractor-browser-"))
        script = self._dir / "launch"
        if not script.exists():
            pid_file = self._dir / "launch.pid"
            script.write_text(
                "#!/bin/sh\n"
                f"echo $$ > {_quote(pid_file)}\n"
                f"exec {_quote(Path(sys.executable))} -I -S -c {_quote_text(_PDEATHSIG)} "
                f'"$PPID" {_quote(self.executable)} "$@"\n'
            )
            script.chmod(0o700)
        return script

    async def aclose(self) -> None:
        """Close the browser (killed if it does not close in time) and the driver."""
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                await asyncio.wait_for(browser.close(), _CLOSE_TIMEOUT)
            except Exception:  # hung or already gone: make sure it is gone
                self._kill()
        self.pid = None
        if self._playwright is not None:
            playwright, self._playwright = self._playwright, None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(playwright.stop(), _CLOSE_TIMEOUT)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def _kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)


def _quote(path: Path) -> str:
    return _quote_text(str(path))


def _quote_text(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
