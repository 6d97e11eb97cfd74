"""Browser fixtures: one headless Debian Chromium per session, a fresh context per test.

The tests drive pytest-django's ``live_server`` (a real threaded HTTP server on
the transactional test database). Playwright's sync API runs an asyncio event
loop in this thread, so Django's async-safety guard must be relaxed for the
ORM calls the tests make between browser steps.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
PASSWORD = "correct-horse-battery-9"
# With parallel test processes (pytest-xdist), the browser tests share one process and so one Chromium.
BROWSER_GROUP = "browser"
TIMEOUT_MS = 15_000


@dataclass
class ConsoleLog:
    """Console messages of type "error" and uncaught page errors, with the page they happened on."""

    errors: list[str] = field(default_factory=list)

    def console(self, page: Page) -> Callable[[ConsoleMessage], None]:
        def record(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(f"{page.url}: {message.text} ({message.location.get('url', '')})")

        return record

    def page_error(self, page: Page) -> Callable[[Exception], None]:
        def record(error: Exception) -> None:
            self.errors.append(f"{page.url}: uncaught {error}")

        return record


@pytest.fixture(scope="session")
def playwright_instance(django_db_setup) -> Iterator[Playwright]:
    from django.db import connections

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        # Once Playwright runs, Django hands this thread new connection objects: give them the data
        # serialized when the test database was made, or serialized_rollback restores nothing.
        for alias, contents in serialized.items():
            if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def new_page(browser: Browser, console_log: ConsoleLog) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies), logging console errors.

    Keyword arguments go to ``browser.new_context`` (viewport, is_mobile, ...).
    """
    contexts: list[BrowserContext] = []

    def open_page(**context_args) -> Page:
        context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", **context_args)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", console_log.console(page))
        page.on("pageerror", console_log.page_error(page))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()
