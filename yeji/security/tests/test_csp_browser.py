"""The Content Security Policy in a real browser: Yeji's pages and Django's
admin work under it, and Chromium reports no violation on any of them."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from yeji.web.tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Noted by the page itself: every violation fires this event, whatever the
# console says.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _launch_args() -> list[str]:
    args = ["--headless", "--disable-gpu", "--no-first-run", "--disable-sync"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")
    return args


def test_log_in_home_scorecard_and_admin_change_page_break_no_csp_rule(
    live_server, monkeypatch, csp_company
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    admin_change = reverse("admin:org_employee_change", args=[csp_company.pk])
    console: list[str] = []
    violations: list[str] = []

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_launch_args()
        )
        try:
            context = browser.new_context(locale="zh-CN")
            context.add_init_script(WATCH_VIOLATIONS)
            page = context.new_page()
            page.on("console", lambda message: console.append(message.text))

            def visit(path: str) -> None:
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")
                violations.extend(page.evaluate("window.__violations"))

            visit(reverse("login"))
            page.fill("input[name=username]", "boss")
            page.fill("input[name=password]", PASSWORD)
            page.click("button.primary")
            page.wait_for_url(lambda url: "/login/" not in url)
            visit(reverse("web:home"))
            # The home's charts, and their tooltips when the pointer is on
            # them, break no rule either.
            boxes = page.locator("[data-chart]")
            assert boxes.count() == 3
            for index in range(boxes.count()):
                box = boxes.nth(index).bounding_box()
                page.mouse.move(
                    box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                )
                page.wait_for_timeout(300)
            violations.extend(page.evaluate("window.__violations"))
            visit(reverse("web:scorecard") + "?period=2026-Q3&as_of=2026-09-30")
            assert page.locator("table.scorecard tbody tr").count() == 1
            visit(admin_change)
            assert page.locator("input[name=employee_no]").input_value() == "E0001"
            # The admin's scripts run: the team chooser is a select2 box.
            page.wait_for_selector(".select2-container")
            visit(reverse("admin:index"))
        finally:
            browser.close()

    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []


@pytest.fixture
def csp_company(db):
    from yeji.org.models import Role
    from yeji.web.tests import factories as f

    hq = f.TeamFactory(code="HQ", name="总部")
    f.EmployeeFactory(
        employee_no="A001",
        name="李管理",
        team=hq,
        role=Role.DIRECTOR,
        user__username="boss",
        user__is_staff=True,
        user__is_superuser=True,
    )
    east = f.TeamFactory(code="EAST", name="华东区", parent=hq)
    rep = f.EmployeeFactory(employee_no="E0001", name="张伟", team=east)
    f.OrderFactory(employee=rep)
    return rep
