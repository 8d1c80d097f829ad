"""A year's revenue target down the cascade in a real browser: the director
sets the company's year and splits it over the months and to the two
regions, the region's manager splits their share to the teams, the team's
manager splits the team's share to its reps, and a rep finds their part of
this month and this quarter on their phone's home page, beside the share of
the working days gone.

Drives Debian's Chromium through Playwright against the live test server,
through the real pages and forms only.  "This year" is the server's
``timezone.localdate()``; the share of the working days gone comes from the
calendar table the migrations seeded (serialized rollback brings it back
after the test).
"""

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yeji.planning.models import Target
from yeji.targets.calendar import elapsed_working_days
from yeji.targets.models import TeamTarget
from yeji.web.formats import money, percent
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
    # calendar and the default scorecard template the migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = Decimal

# The company's year: an odd fen, so that every equal split has one to give.
YEAR_TARGET = "1000000.01"


def _yuan(text: str) -> Decimal:
    """A figure as the pages write money (¥1,234.50) back to a Decimal."""
    found = re.fullmatch(r"¥([\d,]+\.\d\d)", text.strip())
    assert found, f"not money as the pages write it: {text!r}"
    return Decimal(found.group(1).replace(",", ""))


def _cell(page, key: str, label: str) -> str:
    """The cascade's cell of the row ``key`` (a team code or an employee
    number) in the column ``label`` (2026, 2026-Q3, 2026-07), as shown:
    the figure, then any mark of parts that do not add up to it."""
    labels = [t.strip() for t in page.locator("#cascade thead th").all_inner_texts()]
    row = page.locator("#cascade tbody tr").filter(
        has=page.locator("th .code", has_text=re.compile(f"^{re.escape(key)}$"))
    )
    return row.locator("th, td").nth(labels.index(label)).inner_text().strip()


def _figure(page, key: str, label: str) -> Decimal:
    """The figure of a cascade's cell, without its marks."""
    return _yuan(_cell(page, key, label).splitlines()[0])


def _split(page, *, period: str, across: str, whole_year: bool) -> None:
    """Split a target equally through the page's split form."""
    form = page.locator("#split")
    form.get_by_label("要分解的目标").select_option(period)
    form.get_by_label("分解", exact=True).select_option(across)
    form.get_by_label("规则").select_option("equal")
    if whole_year:
        form.get_by_label("全年各期（仅分给成员时）").check()
    with page.expect_navigation():
        form.get_by_role("button", name="分解").click()


def _assert_adds_up(page, whole: str, parts: list[str], labels: list[str]) -> None:
    """In each column, the members' figures add up to the team's to the
    fen, as the page's members' sum says, with no mark on either row."""
    sums = page.locator("#cascade tr.sum td")
    columns = [t.strip() for t in page.locator("#cascade thead th").all_inner_texts()]
    for label in labels:
        total = _figure(page, whole, label)
        assert sum((_figure(page, key, label) for key in parts), D(0)) == total
        assert _yuan(sums.nth(columns.index(label) - 1).inner_text()) == total
    assert page.locator("#cascade tr.node .gap, #cascade tr.sum .gap").count() == 0


def _still_to_split(page) -> set[str]:
    """The codes the page lists where the parts do not add up."""
    return set(page.locator("#mismatches tbody td:first-child .code").all_inner_texts())


@contextmanager
def _window(browser, base: str, who: str, size: str = "desktop") -> Iterator:
    """A page of a fresh browser window, in Chinese, logged in as ``who``."""
    phone = size == "phone"
    context = browser.new_context(
        viewport=SIZES[size], is_mobile=phone, has_touch=phone
    )
    set_language(context, base, "zh-hans")
    page = context.new_page()
    log_in(page, base, who)
    try:
        yield page
    finally:
        context.close()


def _month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the month holding ``day``."""
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=31)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def _quarter_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the quarter holding ``day``."""
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, _month_range(first.replace(month=first.month + 2))[1]


def test_a_year_target_goes_down_to_a_reps_phone(cast, live_server, monkeypatch):
    today = timezone.localdate()
    year = str(today.year)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    month = f"{today:%Y-%m}"
    columns = [year, quarter, month]
    base = live_server.url
    cascade = f"{base}{reverse('targets:cascade')}"

    with chromium(monkeypatch) as browser:
        # The director: the company's year, over its months, to the regions.
        with _window(browser, base, "director") as page:
            page.goto(cascade)
            choice = page.locator("#target-choice")
            choice.get_by_label("年度").fill(year)
            choice.get_by_label("指标").select_option("revenue")
            with page.expect_navigation():
                choice.get_by_role("button", name="查看").click()
            assert page.locator("h1").inner_text() == "总部 的目标"
            assert page.locator("#cascade h2").inner_text() == f"销售额 · {year}"

            form = page.locator("#set")
            form.get_by_label("谁的目标").select_option("team:HQ")
            form.get_by_label("考核期").select_option(year)
            form.get_by_label("目标", exact=True).fill(YEAR_TARGET)
            with page.expect_navigation():
                form.get_by_role("button", name="保存").click()
            assert f"已保存 HQ 在 {year} 的目标。" in page.locator("main").inner_text()
            # Set, not split yet: marked with what the regions lack.
            assert _cell(page, "HQ", year) == "¥1,000,000.01\n成员 −¥1,000,000.01"

            _split(page, period=year, across="months", whole_year=False)
            # Twelve months and four quarters.
            assert "分解已保存：修改了 16 个目标。" in page.locator("main").inner_text()
            _split(page, period=year, across="members", whole_year=True)
            # The year, its quarters and its months, of each region.
            assert "分解已保存：修改了 34 个目标。" in page.locator("main").inner_text()
            assert _cell(page, "HQ", year) == "¥1,000,000.01"
            assert _cell(page, "EAST", year).startswith("¥500,000.01\n")
            assert _cell(page, "WEST", year).startswith("¥500,000.00\n")
            _assert_adds_up(page, "HQ", ["EAST", "WEST"], columns)
            # The regions' own shares are theirs to split.
            assert _still_to_split(page) == {"EAST", "WEST"}
            screenshot(page, "targets/cascade-director")

        # The region's manager: the region's share to its two teams.
        with _window(browser, base, "region_manager") as page:
            page.goto(cascade)
            assert page.locator("h1").inner_text() == "华东区 的目标"
            _split(page, period=year, across="members", whole_year=True)
            assert _cell(page, "EAST", year) == "¥500,000.01"
            assert _cell(page, "EAST-1", year).startswith("¥250,000.01\n")
            assert _cell(page, "EAST-2", year).startswith("¥250,000.00\n")
            _assert_adds_up(page, "EAST", ["EAST-1", "EAST-2"], columns)
            assert _still_to_split(page) == {"EAST-1", "EAST-2"}
            screenshot(page, "targets/cascade-region-manager")

        # The team's manager: the team's share to its two reps.
        with _window(browser, base, "manager") as page:
            page.goto(cascade)
            assert page.locator("h1").inner_text() == "华东一组 的目标"
            # The team's own share is set above the manager.
            assert page.locator("#set option[value='team:EAST-1']").count() == 0
            _split(page, period=year, across="members", whole_year=True)
            assert _cell(page, "EAST-1", year) == "¥250,000.01"
            assert _cell(page, "E0001", year) == "¥125,000.01"
            assert _cell(page, "E0002", year) == "¥125,000.00"
            _assert_adds_up(page, "EAST-1", ["E0001", "E0002"], columns)
            assert (
                "该团队以下的所有目标都对得上。"
                in page.locator("#mismatches").inner_text()
            )
            given = {label: _cell(page, "E0001", label) for label in (month, quarter)}
            screenshot(page, "targets/cascade-manager")

        # The rep, on a phone: this month's and this quarter's part, with
        # the share of the working days gone; nothing sold yet.
        with _window(browser, base, "rep1", "phone") as page:
            page.goto(f"{base}{reverse('web:home')}")
            assert page.locator("h1").inner_text() == "张伟 的首页"
            spans = [(month, *_month_range(today)), (quarter, *_quarter_range(today))]
            for number, (label, start, end) in enumerate(spans, start=1):
                card = page.locator(f"#scorecard-{number}")
                assert card.locator("h2 .meta").inner_text() == label
                pace = card.locator("li.pace")
                assert pace.count() == 1
                assert pace.locator(".pace-label").inner_text() == "销售额"
                assert pace.locator(".pace-figures").inner_text() == (
                    f"¥0.00 / {given[label]}"
                )
                gone = elapsed_working_days(start, end, today).share
                assert pace.locator(".pace-note").inner_text() == (
                    f"已完成 0.0%，工作日已过 {percent(gone)}"
                )
                # Behind the pace once a working day of the period has gone.
                behind = "behind" in pace.get_attribute("class").split()
                assert behind == (gone > 0)
            assert not overflows_sideways(page)
            screenshot(page, "targets/home-rep-phone")

    # What the pages showed is what was saved.
    saved = Target.objects.get(employee=cast.people["rep1"], period=month)
    assert money(saved.value) == given[month]
    assert TeamTarget.objects.get(team=cast.teams["HQ"], period=year).value == D(
        YEAR_TARGET
    )
