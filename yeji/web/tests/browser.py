"""What browser tests share: Debian's Chromium through Playwright, logging
in through the log-in page, the language cookie and screenshots.

Import it from a test module; the module is skipped when the playwright
package is missing, and ``needs_chromium`` skips a test when there is no
Chromium (Debian's ``chromium`` package; ``PLAYWRIGHT_CHROMIUM_EXECUTABLE``
points elsewhere).  Playwright's own browser download is never used.

Playwright's sync API runs an event loop in the test's thread, so a test
that uses the ORM as well (its fixtures do) sets
``DJANGO_ALLOW_ASYNC_UNSAFE``: ``chromium(monkeypatch)`` does that.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from yeji.web.tests.factories import PASSWORD

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
REPOSITORY = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPOSITORY / "artifacts" / "screenshots"
SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=(
        f"no Chromium at {CHROMIUM}: install Debian's chromium package "
        "(.ci/run does) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE"
    ),
)


def launch_args() -> list[str]:
    args = [
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root inside its sandbox.
        args.insert(0, "--no-sandbox")
    return args


@contextmanager
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator["sync_api.Browser"]:
    """A headless Chromium, closed afterwards."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=launch_args()
        )
        try:
            yield browser
        finally:
            browser.close()


def log_in(
    page: "sync_api.Page", base_url: str, username: str, password: str = PASSWORD
) -> None:
    """Log in through the log-in page as a person would; fail if refused."""
    page.goto(f"{base_url}{reverse('login')}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button.primary[type=submit]")
    if page.url.split("?")[0].endswith(reverse("login")):
        raise AssertionError(
            f"log-in as {username} was refused: {page.locator('main').inner_text()}"
        )


def set_language(
    context: "sync_api.BrowserContext", base_url: str, language: str
) -> None:
    """Pages from now on in ``language`` (a code of settings.LANGUAGES), as
    if the user had pressed the language switch."""
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )


def screenshot(page: "sync_api.Page", name: str) -> Path:
    """Save the whole page as ``artifacts/screenshots/<name>.png``; ``name``
    may hold folders."""
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


# Draws two different Chinese characters in the page's own font: with a CJK
# font they differ, while a browser without one draws the same empty box
# for both.
_CJK_GLYPHS_DIFFER = """() => {
  const canvas = document.createElement("canvas");
  canvas.width = 48;
  canvas.height = 48;
  const pen = canvas.getContext("2d");
  pen.font = "32px " + getComputedStyle(document.body).fontFamily;
  const draw = (text) => {
    pen.clearRect(0, 0, 48, 48);
    pen.fillText(text, 4, 36);
    return Array.from(pen.getImageData(0, 0, 48, 48).data).join(",");
  };
  return draw("业") !== draw("绩");
}"""


def cjk_glyphs_drawn(page: "sync_api.Page") -> bool:
    """Whether the page's font draws Chinese characters rather than boxes."""
    return bool(page.evaluate(_CJK_GLYPHS_DIFFER))


def overflows_sideways(page: "sync_api.Page") -> bool:
    """Whether the page itself is wider than the window (a table should
    scroll inside its own box instead)."""
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > window.innerWidth + 1"
        )
    )
