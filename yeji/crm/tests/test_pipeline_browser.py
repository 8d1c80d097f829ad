"""A rep drags a card across the pipeline board and sees it at its new
stage; on a phone the board is a list whose cards move with their own
form.

Drives Debian's Chromium through Playwright against the live test server,
as the customer pages' browser test does, and saves screenshots of the
board and the funnel under ``artifacts/screenshots/``.
"""

import pytest
from django.urls import reverse

from yeji.crm.models import Opportunity, Stage, StageChange
from yeji.crm.tests.pipeline_factories import OpportunityFactory
from yeji.crm.tests.test_browser import (
    CHROMIUM,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    _launch_args,
    _log_in,
    playwright_api,
)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_rep_drags_a_card_to_another_stage(cast, live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    rep = cast.people["rep1"]
    dragged = OpportunityFactory(
        opportunity_no="OP-DRAG",
        name="拖动商机",
        employee=rep,
        customer=cast.customers["A"],
    )
    moved_by_form = OpportunityFactory(
        opportunity_no="OP-FORM",
        name="表单商机",
        employee=rep,
        customer=cast.customers["B"],
    )
    board_url = f"{live_server.url}{reverse('crm:pipeline_board')}"

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
            page = context.new_page()
            _log_in(page, board_url)
            page.wait_for_url("**/customers/pipeline/")

            page.drag_and_drop("#card-OP-DRAG", '.board-column[data-stage="proposal"]')
            page.wait_for_selector('.board-column[data-stage="proposal"] #card-OP-DRAG')
            page.screenshot(path=SCREENSHOTS / "pipeline-desktop.png", full_page=True)
            context.close()

            context = browser.new_context(
                viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True
            )
            page = context.new_page()
            _log_in(page, board_url)
            page.wait_for_url("**/customers/pipeline/")
            # One column under another on a phone: a list.
            columns = page.locator(".board-column")
            first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
            assert second["y"] > first["y"] + first["height"] - 1
            card = page.locator("#card-OP-FORM")
            card.locator("select[name=stage]").select_option(Stage.DEMO)
            card.locator("button[type=submit]").click()
            page.wait_for_selector('.board-column[data-stage="demo"] #card-OP-FORM')
            page.screenshot(path=SCREENSHOTS / "pipeline-phone.png", full_page=True)
            page.goto(f"{live_server.url}{reverse('crm:pipeline_funnel')}")
            page.screenshot(path=SCREENSHOTS / "funnel-phone.png", full_page=True)
            context.close()
        finally:
            browser.close()

    dragged.refresh_from_db()
    moved_by_form.refresh_from_db()
    assert (dragged.stage, moved_by_form.stage) == (Stage.PROPOSAL, Stage.DEMO)
    change = StageChange.objects.get(opportunity=dragged)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.NEEDS_ANALYSIS,
        Stage.PROPOSAL,
        rep.user,
    )
    assert Opportunity.objects.filter(stage=Stage.NEEDS_ANALYSIS).count() == 0
