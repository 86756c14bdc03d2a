"""A small headless-Chromium driver over the DevTools protocol, for the site's tests.

It opens pages as file:// URLs and reports what a user's browser console would show:
console errors, uncaught exceptions, and failed loads (a missing stylesheet or image).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("ITSMKIT_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
)


def available() -> bool:
    """Whether the Chromium binary is there."""
    return Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run Chromium once (``--dump-dom``, ``--screenshot``) with a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@dataclass
class PageReport:
    """What loading one page produced."""

    url: str
    errors: list[str] = field(default_factory=list)
    loaded: bool = False


class Browser:
    """One headless Chromium, driven over a single DevTools websocket."""

    def __init__(self) -> None:
        from websockets.sync.client import connect

        self._profile = tempfile.mkdtemp(prefix="chromium-")
        self._proc = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or self._proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self._stack = ExitStack()
        self._ws = self._stack.enter_context(
            connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=30)
        )
        self._id = 0
        self._session: str | None = None

    def _send(self, method: str, session: str | None = None, **params: Any) -> int:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        return self._id

    def _call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        wanted = self._send(method, session, **params)
        while True:
            msg = json.loads(self._ws.recv(timeout=60))
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return dict(msg.get("result", {}))

    def load(self, url: str, timeout: float = 60) -> PageReport:
        """Open ``url`` in a fresh tab and collect every error until it has loaded."""
        report = PageReport(url)
        session = self._tab()
        self._send("Page.navigate", session, url=url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = json.loads(self._ws.recv(timeout=timeout))
            if msg.get("sessionId") != session:
                continue
            method, params = msg.get("method"), msg.get("params", {})
            if method == "Page.loadEventFired":
                report.loaded = True
                break
            if method == "Runtime.exceptionThrown":
                report.errors.append(str(params["exceptionDetails"].get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.errors.append(" ".join(str(a.get("value")) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                entry = params["entry"]
                report.errors.append(f"{entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.loadingFailed":
                report.errors.append(f"load failed: {params.get('errorText')}")
            elif method == "Network.requestWillBeSent":
                request_url = params["request"]["url"]
                if not request_url.startswith(("file://", "data:", "about:")):
                    report.errors.append(f"network request: {request_url}")
        return report

    def _tab(self) -> str:
        """One tab for every page, reused: a new tab per page costs more than the page."""
        if self._session is None:
            target = self._call("Target.createTarget", url="about:blank")["targetId"]
            self._session = str(
                self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            )
            for domain in ("Page", "Runtime", "Log", "Network"):
                self._call(f"{domain}.enable", self._session)
        return self._session

    def close(self) -> None:
        """Stop Chromium and remove its profile."""
        stack = getattr(self, "_stack", None)
        if stack is not None:
            stack.close()
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        shutil.rmtree(self._profile, ignore_errors=True)
