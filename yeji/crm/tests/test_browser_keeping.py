"""A rep on a phone checks in at an overdue customer: the visit shows as made
at the customer, its follow-up date moves, and the customer leaves the
overdue list.

Drives Debian's Chromium through Playwright against the live test server,
with the browser's geolocation granted and set a few metres from the
customer's address.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yeji.crm.models import Visit
from yeji.crm.tests import factories as f
from yeji.web.tests.browser import (
    SIZES,
    chromium,
    log_in,
    needs_chromium,
    overflows_sideways,
    screenshot,
    set_language,
)

pytestmark = [
    needs_chromium,
    # The live server commits for real; serialized rollback brings back the
    # default scorecard template that the migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The customer's address, and where the phone says the rep is: about 30 m
# north of it.
ADDRESS = (Decimal("31.230416"), Decimal("121.473701"))
PHONE_AT = {"latitude": 31.230686, "longitude": 121.473701, "accuracy": 15}


def test_a_rep_checks_in_at_an_overdue_customer_on_a_phone(
    cast, live_server, monkeypatch
):
    rep1 = cast.people["rep1"]
    customer = cast.customers["B"]  # level B: at most 30 days between contacts
    customer.latitude, customer.longitude = ADDRESS
    customer.location_source = "manual"
    customer.save()
    today = timezone.localdate()
    f.VisitFactory(
        employee=rep1, customer=customer, visited_on=today - dt.timedelta(days=40)
    )
    follow_up_on = today + dt.timedelta(days=10)
    overdue_url = f"{live_server.url}{reverse('crm:follow_ups')}?overdue=on"

    with chromium(monkeypatch) as browser:
        context = browser.new_context(
            viewport=SIZES["phone"],
            geolocation=PHONE_AT,
            permissions=["geolocation"],
            is_mobile=True,
            has_touch=True,
        )
        set_language(context, live_server.url, "zh-hans")
        page = context.new_page()
        log_in(page, live_server.url, "rep1")

        page.goto(overdue_url)
        assert page.locator("#follow-up-C-B").count() == 1
        assert not overflows_sideways(page)
        screenshot(page, "keeping/follow-ups-phone")

        page.click("#follow-up-C-B a")
        page.wait_for_url("**/customers/C-B/")
        page.click("text=记录拜访")
        page.wait_for_url("**/customers/C-B/visits/new/")
        page.check("input[name=location_consent]")
        page.wait_for_selector("#location-status:has-text('已添加位置')")
        page.fill("input[name=next_follow_up_on]", follow_up_on.isoformat())
        page.fill("textarea[name=summary]", "上门签到")
        page.click("button:has-text('保存拜访')")
        page.wait_for_url("**/customers/C-B/")

        first = page.locator("#timeline li").first
        assert "上门签到" in first.inner_text()
        assert "在客户处签到" in first.inner_text()
        assert follow_up_on.isoformat() in page.locator("#next-due").inner_text()
        screenshot(page, "keeping/checked-in-phone")

        page.goto(overdue_url)
        assert page.locator("#follow-up-C-B").count() == 0
        context.close()

    visit = Visit.objects.get(summary="上门签到")
    assert visit.location_source == "gps"
    assert Decimal("25") < visit.distance_m < Decimal("35")
    assert visit.next_follow_up_on == follow_up_on
