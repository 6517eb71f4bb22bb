"""Playwright fixtures for the browser tests, served by pytest-django's `live_server`.

The browser is Debian's Chromium at /usr/bin/chromium (`apt-get install chromium fonts-noto-cjk`);
Playwright never downloads one. Every page is fenced in: any request that does not go to the
live server is aborted and recorded in `page.external_requests`, so a test can assert that the
page loads nothing from off the machine (zone offices sit on intranets without internet access).
"""

import os

# Playwright's sync API runs an event loop in this thread; without this Django refuses the
# synchronous database calls the tests make between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items: mark only those under tests/browser.
    for item in items:
        if Path(item.path).resolve().is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _catalogue(catalogue):
    """live_server tests run on a transactional database, emptied after each test: every browser
    test starts with the catalogue (tests/conftest.py `catalogue`)."""


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _guarded_page(browser, live_server, **context_options):
    """A page in a new context whose requests may only go to the live server."""
    context = browser.new_context(locale="zh-CN", **context_options)
    base = live_server.url.rstrip("/")
    external_requests = []

    def handler(route):
        url = route.request.url
        if url == base or url.startswith(base + "/"):
            route.continue_()
        else:
            external_requests.append(url)
            route.abort()

    context.route("**/*", handler)
    page = context.new_page()
    page.external_requests = external_requests
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _guarded_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _guarded_page(
        browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """login(username, password): sign in through the login form of the live server."""

    def do_login(username, password):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        return page

    return do_login
