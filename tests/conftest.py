"""Fixtures shared across the suite: the real site built once, served, and driven in Chromium.

`built_site` builds the repository's own content with the real anonymiser into a temporary
folder once per test session; `site_url` serves it on 127.0.0.1; `browser` is Debian's
headless Chromium driven by Playwright. In CI (CI=true) a missing Chromium is a failure;
on a developer's machine without it the browser tests are skipped with the install command.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
from pathlib import Path

import pytest

from tests.sitebuild import REPO, build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's content built with the repository's settings, anonymiser on; returns output/."""
    root = tmp_path_factory.mktemp("site")
    output = root / "output"
    result = build(REPO / "content", output, cache=root / "anon-cache")
    if result.returncode != 0:
        pytest.fail(f"the site did not build:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is for failures, not access logs
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(directory: Path):
    """Serve `directory` on a free loopback port in a background thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (no trailing slash) of the built site served on 127.0.0.1."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (launched once per session)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium", pytrace=False)
        pytest.skip("needs Debian's Chromium: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (new context: no shared storage) closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()
