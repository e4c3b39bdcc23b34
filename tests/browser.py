"""Open a page in headless Chromium and record what a reader's browser does with it.

Chromium is driven over the DevTools protocol through its pipe transport
(``--remote-debugging-pipe``: commands on the child's fd 3, replies on fd 4, each message JSON
ended by a NUL byte), so no port is opened and nothing beyond the standard library is needed.
For one load it records console messages, uncaught exceptions, log entries (CSP violations are
reported there), every network request, the DOM's text, and a PNG screenshot of the viewport.

A test helper only: it forks Chromium, which the library itself never does.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
         "--mute-audio", "--remote-debugging-pipe")
TIMEOUT = 60.0


def chromium_path() -> str | None:
    """The Chromium binary, or None when the machine has none."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageLoad:
    """What happened when the page was opened at one width."""

    width: int
    scripts: bool
    console: list[dict[str, Any]] = field(default_factory=list)
    """Runtime.consoleAPICalled events (type, args)."""
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    """Log.entryAdded entries (level, source, text): CSP violations, failed loads …"""
    requests: list[str] = field(default_factory=list)
    """The URL of every request the page made (the page's own file included)."""
    text: str = ""
    """document.body.innerText: what a reader sees (hidden rows excluded)."""
    dom: str = ""
    """The serialised DOM after scripts ran (what --dump-dom prints)."""
    screenshot: bytes = b""
    evaluated: list[Any] = field(default_factory=list)
    """Results of the extra expressions asked for, in order."""
    events: list[str] = field(default_factory=list)
    """The name of every DevTools event the page's session sent (Page.javascriptDialogOpening …)."""

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error or warning log entries, one line each."""
        found = [f"console.{event['type']}: {event.get('args')}" for event in self.console
                 if event["type"] in ("error", "assert", "warning")]
        found += [f"exception: {event['exceptionDetails'].get('text')} "
                  f"{event['exceptionDetails'].get('exception', {}).get('description', '')}"
                  for event in self.exceptions]
        found += [f"log {entry['level']} ({entry.get('source')}): {entry.get('text')}"
                  for entry in self.log if entry["level"] in ("error", "warning")]
        return found


class Chromium:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, scripts: bool = True) -> None:
        binary = chromium_path()
        if binary is None:
            raise RuntimeError("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="yiwu-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        # The child must find the pipe ends at fds 3 and 4: move them out of the way first so
        # that dup2 cannot overwrite one with the other.
        child_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(commands_read)
        os.close(replies_write)

        def give_pipes() -> None:  # in the child, before exec
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        args = [binary, *FLAGS, f"--user-data-dir={self.profile}"]
        if not scripts:
            args.append("--blink-settings=scriptEnabled=false")
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(args + ["about:blank"], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self.stderr,
                                        close_fds=False, preexec_fn=give_pipes)
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise RuntimeError(f"chromium closed its pipe: {self.log_text()[-2000:]}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = TIMEOUT) -> dict[str, Any]:
        """Send a command and wait for its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first event `method` (already received or still to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self.events.append(self._read_message(deadline))

    def drain(self, quiet: float = 0.3) -> None:
        """Collect events until none has arrived for `quiet` seconds."""
        while True:
            try:
                self.events.append(self._read_message(time.monotonic() + quiet))
            except TimeoutError:
                return

    def log_text(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._replies):
            os.close(fd)
        self.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open(browser: Chromium, session: str, path: Path, width: int, height: int) -> None:
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1,
                  "mobile": width < 600}, session=session)
    browser.events.clear()
    browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
    browser.wait_for("Page.loadEventFired")
    browser.drain()


def print_pdf(browser: Chromium, path: Path) -> bytes:
    """The page printed as the browser prints it (its print stylesheet and @page size)."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"]
    _open(browser, session, path, 1280, 900)
    printed = browser.send("Page.printToPDF", {"preferCSSPageSize": True,
                                               "printBackground": True}, session=session)
    browser.send("Target.closeTarget", {"targetId": target})
    return base64.b64decode(printed["data"])


def load_page(browser: Chromium, path: Path, width: int, height: int = 900, *,
              scripts: bool = True, evaluate: tuple[str, ...] = ()) -> PageLoad:
    """Open `path` in a new tab `width` pixels wide and record what happens."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"]
    _open(browser, session, path, width, height)
    result = PageLoad(width, scripts)

    def value(expression: str) -> Any:
        reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                  "awaitPromise": True},
                             session=session)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    result.text = value("document.body.innerText")
    result.dom = value("document.documentElement.outerHTML")
    for expression in evaluate:
        result.evaluated.append(value(expression))
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
    result.screenshot = base64.b64decode(shot["data"])
    browser.drain()
    for event in browser.events:
        if event.get("sessionId") not in (None, session):
            continue
        method, params = event.get("method"), event.get("params", {})
        result.events.append(str(method))
        if method == "Runtime.consoleAPICalled":
            result.console.append({"type": params["type"],
                                   "args": [a.get("value", a.get("description"))
                                            for a in params.get("args", [])]})
        elif method == "Runtime.exceptionThrown":
            result.exceptions.append(params)
        elif method == "Log.entryAdded":
            result.log.append(params["entry"])
        elif method == "Network.requestWillBeSent":
            result.requests.append(params["request"]["url"])
    browser.send("Target.closeTarget", {"targetId": target})
    return result
