"""The homes in a real browser: a manager's path from the home to a
figure's records, charts drawn by ECharts, and screenshots of every home at
phone and desktop sizes under ``artifacts/screenshots/``.

Launched like test_browser.py: Debian's Chromium through Playwright.
"""

from urllib.parse import urlencode

import pytest

from yeji.web.tests.factories import PASSWORD
from yeji.web.tests.test_browser import CHROMIUM, SCREENSHOTS, SIZES, _launch_args

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The cast's records are in 2026-Q3; the homes are shown as of its end.
HOME_QUERY = {"as_of": "2026-09-30", "span": "quarter"}
HOMES = ["rep1", "manager", "director", "hr", "finance"]


def _log_in(page, base: str, who: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def test_manager_goes_from_home_to_a_figures_records_and_sees_charts(
    company, live_server, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    home = f"{live_server.url}/?{urlencode(HOME_QUERY)}"

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            context = browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")
            page = context.new_page()
            _log_in(page, live_server.url, "manager")
            page.goto(home)
            page.wait_for_selector("[data-chart=chart-ranking] canvas")
            assert page.locator(".chart canvas").count() >= 3
            assert page.locator(".chart-chooser select option").count() == 2

            page.click("#team-scorecard")
            page.wait_for_url("**/scorecard/?**team=EAST-1**")
            assert page.locator("table.scorecard tbody tr").count() == 2

            page.click("table.scorecard tbody tr >> nth=0 >> a[href*='metric=revenue']")
            page.wait_for_url("**/scorecard/E0001/?**metric=revenue**")
            records = page.locator("details[open] table.records tbody tr")
            assert records.count() == 3
            assert "12,345.60" in records.first.inner_text()
            context.close()
        finally:
            browser.close()


def test_screenshots_of_every_home(company, live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    home = f"{live_server.url}/?{urlencode(HOME_QUERY)}"

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            for who in HOMES:
                for size, viewport in SIZES.items():
                    context = browser.new_context(viewport=viewport, locale="zh-CN")
                    page = context.new_page()
                    _log_in(page, live_server.url, who)
                    page.goto(home)
                    page.wait_for_selector("main h1")
                    if who in ("manager", "director", "hr"):
                        page.wait_for_selector("[data-chart=chart-trend] canvas")
                    page.screenshot(
                        path=SCREENSHOTS / f"home-{who}-{size}.png", full_page=True
                    )
                    context.close()
        finally:
            browser.close()

    for who in HOMES:
        for size in SIZES:
            assert (SCREENSHOTS / f"home-{who}-{size}.png").stat().st_size > 0
