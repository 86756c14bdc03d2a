"""The real clients of itsmkit's output, installed from npm into ``tests/clients``.

``npm ci --prefix tests/clients`` installs them (``.ci/run`` does). A test that needs one
skips with the reason when it is missing, except under CI (``CI`` set), where it fails:
CI must run them.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

import pytest
from tests.conftest import REPO_ROOT

NODE_MODULES = REPO_ROOT / "tests" / "clients" / "node_modules"
INSTALL = "npm ci --prefix tests/clients"


def need(available: bool, what: str, how: str = INSTALL) -> None:
    """Skip (or under CI, fail) unless ``what`` is available."""
    if available:
        return
    reason = f"{what} is not installed; run `{how}`"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: client tests must run)")
    pytest.skip(reason)


def node_package(name: str) -> Path:
    """The folder of an npm package in tests/clients, skipping (or failing) if absent."""
    need(shutil.which("node") is not None, "node")
    folder = NODE_MODULES / name
    need((folder / "package.json").is_file(), f"npm package {name}")
    return folder


def python_tool(name: str) -> str:
    """A console script of the dev extras, next to the running interpreter or on PATH."""
    import sys

    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    need(found is not None, name, "pip install -e '.[dev]'")
    assert found is not None
    return found


# A minimal LSP client over stdio -------------------------------------------------------------


class LanguageServer:
    """Drive a language server over stdio: requests, notifications, published diagnostics."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.root = root
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.settings: dict[str, Any] = {}
        self._id = 0
        assert self.proc.stdout is not None
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self._id += 1
        self._send({"id": self._id, "method": method, "params": params})
        while True:
            message = self._next(timeout)
            if message.get("id") == self._id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")

    def _next(self, timeout: float) -> dict[str, Any]:
        try:
            message = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no message from the language server in {timeout} s") from None
        if "method" in message and "id" in message:  # a request from the server: answer it
            result: Any = None
            if message["method"] == "workspace/configuration":
                # The server pulls its settings by section ("yaml", "http", ...).
                items = message["params"]["items"]
                result = [self.settings.get(item.get("section", "")) for item in items]
            self._send({"id": message["id"], "result": result})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def start(self, settings: dict[str, Any]) -> None:
        """Initialise with ``settings`` (by section), answered when the server pulls them."""
        self.settings = settings
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {}},
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def diagnose(self, path: Path, timeout: float = 30) -> list[dict[str, Any]]:
        """Open ``path`` and return the diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        self.diagnostics.pop(uri, None)
        text = path.read_text(encoding="utf-8")
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        while uri not in self.diagnostics:
            self._next(timeout)
        found = self.diagnostics[uri]
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
