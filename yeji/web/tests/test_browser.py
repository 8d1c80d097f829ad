"""The path from log-in to a figure's records, in a real browser.

Drives the Chromium of Debian's ``chromium`` package through Playwright
(``PLAYWRIGHT_CHROMIUM_EXECUTABLE``, default /usr/bin/chromium) against the
live test server, and saves screenshots at phone and desktop sizes under
``artifacts/screenshots/`` for people to look at.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from yeji.web.tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=(
            f"no Chromium at {CHROMIUM}: install Debian's chromium package "
            "(.ci/run does) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE"
        ),
    ),
    # The live server commits for real; serialized rollback brings back the
    # default scorecard template that the migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _launch_args() -> list[str]:
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


def test_director_logs_in_opens_the_scorecard_and_a_reps_explanation(
    company, live_server, monkeypatch
):
    # Playwright's sync API runs an event loop in this thread; the ORM work
    # of the test's teardown happens in it too.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scorecard_url = (
        f"{live_server.url}{reverse('web:scorecard')}?period=2026-Q3&as_of=2026-09-30"
    )

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, locale="zh-CN")
                page = context.new_page()

                page.goto(scorecard_url)
                assert "/login/" in page.url
                page.fill("input[name=username]", "director")
                page.fill("input[name=password]", PASSWORD)
                page.click("button.primary")
                page.wait_for_url("**/scorecard/**")
                page.wait_for_selector("table.scorecard")
                assert page.locator("h1").inner_text() == "业绩考核"
                assert page.locator("table.scorecard tbody tr").count() == 4
                page.screenshot(
                    path=SCREENSHOTS / f"scorecard-{size}.png", full_page=True
                )

                page.click("text=张伟")
                page.wait_for_url("**/scorecard/E0001/**")
                assert "综合得分的计算方法" in page.content()
                page.click("summary:has-text('销售额')")
                records = page.locator("details[open] table.records tbody tr")
                assert records.count() == 3
                assert "12,345.60" in records.first.inner_text()
                page.screenshot(path=SCREENSHOTS / f"rep-{size}.png", full_page=True)

                if size == "desktop":
                    page.click("button[name=language][value=en]")
                    page.wait_for_selector("text=How the overall score is made")
                    page.screenshot(
                        path=SCREENSHOTS / "rep-desktop-en.png", full_page=True
                    )
                context.close()
        finally:
            browser.close()

    for name in ["scorecard-phone", "scorecard-desktop", "rep-phone", "rep-desktop"]:
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0
