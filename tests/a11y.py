"""axe-core in headless Chromium (Selenium and Debian's chromium-driver), offline.

``Axe`` opens one browser for many pages; ``check(path)`` loads a local HTML file
(``file://``), injects the vendored ``tests/vendor/axe.min.js`` and returns axe's
violations for WCAG 2.0/2.1 level A and AA. Nothing is fetched from the network: the pages
are self-contained and axe comes from the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromedriver_binary() -> str | None:
    return shutil.which("chromedriver")


def missing() -> str:
    """Why the check cannot run here ('' when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium er ikke installert (pip install -e '.[dev]')"
    if not chromium_binary():
        return "chromium mangler (apt-get install chromium)"
    if not chromedriver_binary():
        return "chromedriver mangler (apt-get install chromium-driver)"
    return ""


class Axe:
    """One headless Chromium for a series of pages."""

    def __init__(self, width: int = 1280, height: int = 1000):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium_binary()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", f"--window-size={width},{height}",
                    "--allow-file-access-from-files"):
            opts.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service(chromedriver_binary()), options=opts)
        self.driver.set_script_timeout(120)
        self.source = AXE_JS.read_text(encoding="utf-8")

    def check(self, page: Path) -> list[dict]:
        """axe's violations on ``page`` at WCAG 2.1 A/AA (a list of rule results)."""
        self.driver.get(Path(page).resolve().as_uri())
        self.driver.execute_script(self.source)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
            " resultTypes: ['violations']})"
            ".then(r => done(r.violations)).catch(e => done({error: String(e)}));", TAGS)
        if isinstance(result, dict) and "error" in result:
            raise RuntimeError(f"axe feilet på {page}: {result['error']}")
        return result

    def close(self) -> None:
        self.driver.quit()

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
