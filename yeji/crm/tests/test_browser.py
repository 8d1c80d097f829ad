"""A rep's day on a phone: log in, open a customer, log a visit, see it.

Drives Debian's Chromium through Playwright against the live test server,
as the web app's browser test does, and saves screenshots of the customer
list, a customer's page and the visit form at phone and desktop sizes
under ``artifacts/screenshots/``.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from yeji.crm.models import Visit
from yeji.crm.tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Where the phone says it is: the Bund, Shanghai.
WHERE = {"latitude": 31.240018, "longitude": 121.490317, "accuracy": 25}

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


def _log_in(page, url: str) -> None:
    page.goto(url)
    assert "/login/" in page.url
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")


def _visits_this_month(page, scorecard_url: str) -> int:
    page.goto(scorecard_url)
    cell = page.locator('tr:has(a[href$="metric=visits"]) td.num').first
    text = cell.inner_text().strip()
    return int(text.replace(",", "")) if re.fullmatch(r"[\d,]+", text) else 0


def test_a_rep_logs_a_visit_on_a_phone_and_sees_it_counted(
    cast, live_server, monkeypatch
):
    # Playwright's sync API runs an event loop in this thread; the ORM work
    # of the test's teardown happens in it too.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    month = timezone.localdate().strftime("%Y-%m")
    list_url = f"{live_server.url}{reverse('crm:customer_list')}"
    scorecard_url = (
        f"{live_server.url}{reverse('web:rep', args=['E0001'])}?period={month}"
    )

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            context = browser.new_context(
                viewport=PHONE,
                locale="zh-CN",
                geolocation=WHERE,
                permissions=["geolocation"],
                is_mobile=True,
                has_touch=True,
            )
            page = context.new_page()

            _log_in(page, list_url)
            page.wait_for_url("**/customers/")
            assert page.locator("table.customers tbody tr").count() == 2
            page.screenshot(path=SCREENSHOTS / "customers-phone.png", full_page=True)

            before = _visits_this_month(page, scorecard_url)

            page.goto(list_url)
            page.click("text=甲公司")
            page.wait_for_url("**/customers/C-A/")
            page.screenshot(path=SCREENSHOTS / "customer-phone.png", full_page=True)

            page.click("text=记录拜访")
            page.wait_for_url("**/customers/C-A/visits/new/")
            # No location is asked for before the rep agrees to keep one.
            assert page.locator("#location-status").inner_text() == ""
            page.check("input[name=location_consent]")
            page.wait_for_selector("#location-status:has-text('已添加位置')")
            # One column on a phone: the save button spans the form.
            button = page.locator("button:has-text('保存拜访')").bounding_box()
            form = page.locator("#visit-form").bounding_box()
            assert button["width"] > form["width"] * 0.8
            assert button["height"] >= 44
            page.fill("textarea[name=summary]", "手机上记录的拜访")
            page.screenshot(path=SCREENSHOTS / "visit-form-phone.png", full_page=True)
            page.click("button:has-text('保存拜访')")
            page.wait_for_url("**/customers/C-A/")

            first = page.locator("#timeline li").first
            assert "手机上记录的拜访" in first.inner_text()
            assert "上门拜访" in first.inner_text()
            visit = Visit.objects.get(summary="手机上记录的拜访")
            assert float(visit.latitude) == pytest.approx(WHERE["latitude"])
            assert float(visit.longitude) == pytest.approx(WHERE["longitude"])
            assert visit.visited_on == timezone.localdate()

            assert _visits_this_month(page, scorecard_url) == before + 1
            context.close()

            # The same pages on a desktop, for people to look at.
            context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
            page = context.new_page()
            _log_in(page, list_url)
            page.wait_for_url("**/customers/")
            page.screenshot(path=SCREENSHOTS / "customers-desktop.png", full_page=True)
            page.goto(
                f"{live_server.url}{reverse('crm:customer_detail', args=['C-A'])}"
            )
            page.screenshot(path=SCREENSHOTS / "customer-desktop.png", full_page=True)
            page.goto(f"{live_server.url}{reverse('crm:visit_create', args=['C-A'])}")
            page.screenshot(path=SCREENSHOTS / "visit-form-desktop.png", full_page=True)
            context.close()
        finally:
            browser.close()

    for name in ["customers", "customer", "visit-form"]:
        for size in ["phone", "desktop"]:
            assert (SCREENSHOTS / f"{name}-{size}.png").stat().st_size > 0
