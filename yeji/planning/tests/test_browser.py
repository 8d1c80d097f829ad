"""A rep's day with tasks on a phone, in a real browser: give oneself a
task, mark it done in one tap, undo it.

Runs Debian's Chromium through Playwright as ``yeji/web/tests`` does, and
saves screenshots under ``artifacts/screenshots/`` for people to look at.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from yeji.planning.models import Task
from yeji.web.tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _launch_args() -> list[str]:
    args = ["--headless", "--disable-gpu", "--no-first-run", "--disable-sync"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root inside its sandbox.
        args.insert(0, "--no-sandbox")
    return args


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_rep_gives_themself_a_task_marks_it_done_and_undoes_it_on_a_phone(
    cast, live_server, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    due = timezone.localdate() + dt.timedelta(days=1)

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
            page.goto(f"{live_server.url}/tasks/new/")
            page.fill("input[name=username]", "rep1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button.primary")

            page.wait_for_selector("h1:has-text('新建任务')")
            assert _fits_the_screen(page)
            page.click("form.phone-form button.primary")
            page.wait_for_selector("#id_title-error")
            page.screenshot(path=SCREENSHOTS / "task-form-errors-phone.png")
            assert page.text_content("#id_title-error") == "这个字段是必填项。"

            page.fill("input[name=title]", "回访上海申通")
            page.fill("input[name=due_on]", due.isoformat())
            page.click("form.phone-form button.primary")
            page.wait_for_selector("td:has-text('回访上海申通')")
            assert _fits_the_screen(page)
            page.screenshot(path=SCREENSHOTS / "tasks-phone.png", full_page=True)
            # The one tap is within reach, without scrolling the table.
            button = page.locator("button.tap").first.bounding_box()
            assert button["x"] + button["width"] <= PHONE["width"]
            colours = page.locator("button.tap").first.evaluate(
                "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
            )
            assert colours[0] != colours[1]

            page.click("button:has-text('完成')")
            page.wait_for_selector("form.notice")
            assert "已完成：回访上海申通" in page.text_content("form.notice")
            assert Task.objects.get().completed_on == timezone.localdate()

            page.click("form.notice button")
            page.wait_for_selector("td:has-text('回访上海申通')")
            assert Task.objects.get().completed_on is None
        finally:
            browser.close()
