"""axe-core in headless Chromium, driven through Debian's chromedriver, offline.

``Axe`` starts ``chromedriver`` on a free local port and one headless Chromium session,
and speaks the W3C WebDriver protocol to it (plain JSON over HTTP on 127.0.0.1, standard
library only, so no Selenium). ``check(path)`` loads a local HTML file (``file://``),
injects the vendored ``tests/vendor/axe.min.js`` and returns axe's violations for WCAG
2.0/2.1 level A and AA. Nothing is fetched from the network: the pages are self-contained
and axe comes from the repository.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromedriver_binary() -> str | None:
    return shutil.which("chromedriver")


def missing() -> str:
    """Why the check cannot run here ('' when it can)."""
    if not chromium_binary():
        return "chromium mangler (apt-get install chromium)"
    if not chromedriver_binary():
        return "chromedriver mangler (apt-get install chromium-driver)"
    if not AXE_JS.is_file():
        return f"{AXE_JS} mangler"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Axe:
    """One chromedriver and one headless Chromium for a series of pages."""

    def __init__(self, width: int = 1280, height: int = 1000, timeout: float = 30):
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([chromedriver_binary(), f"--port={port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if self._call("GET", "/status").get("ready"):
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("chromedriver startet ikke")
                time.sleep(0.1)
            args = ["--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", f"--window-size={width},{height}"]
            caps = {"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": chromium_binary(), "args": args}}}}
            self.session = self._call("POST", "/session", caps)["sessionId"]
            self._call("POST", f"/session/{self.session}/timeouts",
                       {"script": 120_000, "pageLoad": 60_000})
        except BaseException:
            self.proc.terminate()
            raise
        self.source = AXE_JS.read_text(encoding="utf-8")

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=180) as resp:
                value = json.loads(resp.read().decode("utf-8")).get("value")
        except urllib.error.HTTPError as exc:  # WebDriver errors come as JSON with a status
            detail = json.loads(exc.read().decode("utf-8") or "{}").get("value", {})
            raise RuntimeError(f"WebDriver {method} {path}: {detail.get('error')}: "
                               f"{str(detail.get('message'))[:300]}") from None
        return value if isinstance(value, dict) else {"value": value}

    def _script(self, kind: str, script: str, args: list | None = None):
        return self._call("POST", f"/session/{self.session}/execute/{kind}",
                          {"script": script, "args": args or []}).get("value")

    def check(self, page: Path) -> list[dict]:
        """axe's violations on ``page`` at WCAG 2.1 A/AA (a list of rule results)."""
        self._call("POST", f"/session/{self.session}/url",
                   {"url": Path(page).resolve().as_uri()})
        self._script("sync", self.source)
        result = self._call("POST", f"/session/{self.session}/execute/async", {
            "script": "const done = arguments[arguments.length - 1];"
                      "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
                      " resultTypes: ['violations']})"
                      ".then(r => done(r.violations))"
                      ".catch(e => done({error: String(e)}));",
            "args": [TAGS]})
        if "error" in result:
            raise RuntimeError(f"axe feilet på {page}: {result['error']}")
        return result["value"]

    def close(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        except Exception:  # noqa: BLE001 - the driver is stopped below in any case
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def summary(violations: list[dict]) -> str:
    """One line per violated rule with its impact and the first offending elements."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3]]
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')} – "
                     f"{len(v.get('nodes', []))} element(er), f.eks. {targets}")
    return "\n".join(lines)
