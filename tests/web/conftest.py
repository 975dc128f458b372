"""End-to-end tests of the workshop page (api/static) in a real headless Chromium driven by Selenium.

Needs Debian's Chromium and its driver (`apt-get install -y chromium chromium-driver`) and the `selenium`
package. Without /usr/bin/chromium every test here is skipped with that reason. The API runs for real:
uvicorn on a free loopback port in a background thread, over the mini index (fast) or the real corpus
(`real_settings`, marked slow). Screenshots go to test-artifacts/web/ (git-ignored)."""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, build
from tests.servers import live_server
from tip.settings import Settings, repo_root

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"
ARTIFACTS = repo_root() / "test-artifacts" / "web"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--force-device-scale-factor=1",
    "--lang=vi",
]
API_KEY = "workshop-test-key-7f3a"
SLD = "Sở Lao động - Thương binh và Xã hội"  # as the agency catalogue names it
NO_SELENIUM = "selenium is not installed: pip install 'selenium>=4.20' into the venv"
os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download a driver


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's browser with `{INSTALL}`")


# -- API servers ----------------------------------------------------------------------
@contextmanager
def app_server(settings: Settings) -> Iterator[str]:
    """The real app (tests.servers.live_server) for these settings."""
    from api.app import create_app

    with live_server(create_app(settings)) as url:
        yield url


def mini_build(root: Path, **overrides: Any) -> Settings:
    """The invented mini corpus indexed with the fake embedder (a few seconds), no keys, no rate limit."""
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "mini_corpus", corpus)
    fields: dict[str, Any] = {
        "corpus_dir": corpus,
        "data_dir": root / "data",
        "embedder": "fake",
        "api_keys": [],
        "rate_limit_per_minute": 0,
        "llm_provider": "none",
        "chroma_url": None,
        "cors_origins": [],
    }
    fields.update(overrides)
    return build(Settings(**fields))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_server(mini_build(tmp_path_factory.mktemp("web-mini"))) as url:
        yield url


@pytest.fixture(scope="session")
def keyed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_server(mini_build(tmp_path_factory.mktemp("web-keyed"), api_keys=[API_KEY])) as url:
        yield url


@pytest.fixture(scope="session")
def real_site(real_settings: Settings) -> Iterator[str]:
    with app_server(real_settings.with_overrides(rate_limit_per_minute=0, api_keys=[])) as url:
        yield url


# -- the browser ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's browser with `{INSTALL}`")
    if not CHROMEDRIVER.exists():
        pytest.fail(f"{CHROMEDRIVER} is absent but Chromium is installed: `{INSTALL}`")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tip-web-chromium-")
    downloads = tempfile.mkdtemp(prefix="tip-web-downloads-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": downloads, "download.prompt_for_download": False}
    )
    drv = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(60)
    drv.downloads = Path(downloads)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)


@dataclass
class Page:
    """The workshop page in the shared browser, with waits and screenshots."""

    driver: Any
    base: str
    shots: Path

    def open(self, path: str = "/", *, width: int = 1366, height: int = 900, reset: bool = True) -> Page:
        d = self.driver
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        d.get(self.base + "/static/icon.svg")
        if reset:  # a clean localStorage for this origin (language, large type, API key)
            d.execute_script("window.localStorage.clear()")
        d.set_window_size(width, height)  # then grow the window so that the viewport has that size
        inner_w, inner_h = d.execute_script("return [window.innerWidth, window.innerHeight]")
        if (inner_w, inner_h) != (width, height):
            d.set_window_size(2 * width - inner_w, 2 * height - inner_h)
        d.get(self.base + path)
        self.until(lambda: d.execute_script("return document.body.dataset.ready === '1'"), "the page to boot")
        return self

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def until(self, check: Callable[[], Any], what: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = check()
            except Exception as exc:  # stale elements while the page re-renders
                last = exc
            if last and not isinstance(last, Exception):
                return last
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what} (last: {last!r})")

    def find(self, css: str, timeout: float = 30) -> Any:
        from selenium.webdriver.common.by import By

        def visible() -> Any:
            for el in self.driver.find_elements(By.CSS_SELECTOR, css):
                if el.is_displayed():
                    return el
            return None

        return self.until(visible, f"a visible {css!r}", timeout)

    def all(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return [el for el in self.driver.find_elements(By.CSS_SELECTOR, css) if el.is_displayed()]

    def click(self, css: str) -> None:
        """Click after centring the element (the sticky header must not be in the way)."""
        el = self.find(css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", el)
        el.click()

    def type(self, css: str, text: str) -> None:
        el = self.find(css)
        el.clear()
        el.send_keys(text)

    def answered_columns(self, count: int) -> list[Any]:
        """The compare view's columns, once `count` of them have all been answered."""

        def done() -> list[Any] | None:
            cols = self.all(".compare-col")
            return cols if len(cols) == count and not self.all(".compare-col .loading") else None

        return list(self.until(done, f"{count} answered columns"))

    def ask(self, question: str) -> Any:
        """Type a question, press Ask, and return the answer card."""
        self.until(
            lambda: self.js("return document.querySelectorAll('#filter-docs-list input').length > 0"),
            "documents",
        )
        self.js("document.querySelector('#ask-result').replaceChildren()")
        self.type("#ask-input", question)
        self.find("#ask-submit").click()
        return self.find("#ask-result .answer-card:not(.earlier)")  # not a thread's earlier turns

    def fetch_bytes(self, url: str) -> bytes:
        """Read a URL (a blob: URL too) from inside the page, as the browser sees it."""
        encoded = self.driver.execute_async_script(
            """const [url, done] = arguments;
            fetch(url).then(r => r.arrayBuffer()).then(buf => {
              let s = ""; new Uint8Array(buf).forEach(b => s += String.fromCharCode(b)); done(btoa(s));
            }).catch(e => done("ERROR " + e));""",
            url,
        )
        assert not encoded.startswith("ERROR"), encoded
        return base64.b64decode(encoded)

    def matrix_cell(self, task_prefix: str, agency: str) -> dict[str, str]:
        """The role and mark of one matrix cell, found by its row's task heading and its column's agency."""
        cell = self.js(
            """const [task, agency] = arguments;
            const heads = [...document.querySelectorAll('table.matrix thead th')].map(th => th.textContent.trim());
            const col = heads.indexOf(agency);
            const row = [...document.querySelectorAll('table.matrix tbody tr')]
              .find(tr => tr.querySelector('th.task') && tr.querySelector('th.task').textContent.trim().startsWith(task));
            if (col < 0 || !row) return {missing: (col < 0 ? 'column ' : 'row ') + JSON.stringify(heads)};
            const td = row.children[col];
            return {role: td.dataset.role || '', mark: td.textContent.trim(), cls: td.className};""",
            task_prefix,
            agency,
        )
        assert "missing" not in cell, cell
        return dict(cell)

    def shot(self, name: str, top: str | None = None) -> Path:
        """A screenshot of the viewport; `top` scrolls that element to just below the sticky header."""
        if top:
            self.js(
                """const el = document.querySelector(arguments[0]);
                const bar = document.querySelector('.topbar').getBoundingClientRect().height;
                window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - bar - 8);""",
                top,
            )
            time.sleep(0.2)
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path


@pytest.fixture
def mini_page(driver: Any, mini_site: str) -> Page:
    return Page(driver, mini_site, ARTIFACTS / "mini")


@pytest.fixture
def real_page(driver: Any, real_site: str) -> Page:
    return Page(driver, real_site, ARTIFACTS / "real")


@pytest.fixture
def keyed_page(driver: Any, keyed_site: str) -> Page:
    return Page(driver, keyed_site, ARTIFACTS / "mini")
