"""Browser tests: Debian's chromium driven by Playwright against the app served on a loopback
port, with the test database and world of the other tests. Screenshots go to test-output/."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from casework.settings import ROOT, Settings
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = ROOT / "test-output"
PASSWORD = "password-1"


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: run make browser (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(database_url, world, tmp_path):
    """The app served on 127.0.0.1 in a thread for the length of one test."""
    settings = Settings(database_url=database_url, documents_dir=str(tmp_path / "documents"))
    # the world's clock, as the other web tests: it moves on when a test waits for a period
    app = create_app(settings, bind_database=False, CASEWORK_CLOCK=lambda: world.now)
    server = make_server("127.0.0.1", 0, closing_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def closing_responses(app):
    """`app` with each response closed however the server leaves it. werkzeug's development
    server closes a response only after draining the socket, and that drain raises when the
    browser has dropped the connection (a navigation mid-download), so a static file stayed open
    until the garbage collector warned, in whichever test ran then. A generator's `finally` runs
    when it is dropped, so the file is closed then."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture
def page_for(chromium, live):
    """page_for(user, width, height) -> a new page signed in as `user` at that window size."""
    contexts = []

    def open_page(user, width=1366, height=768):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live}/sign-in")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
