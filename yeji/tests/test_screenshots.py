"""Every page of the route table, as each role sees it, in a real browser.

Each role logs in through the log-in page and opens every GET route of the
route table that it can reach (with the key of a record in its sight), in
Chinese and in English, and the page is saved at phone and desktop sizes
under ``artifacts/screenshots/routes/<role>/`` for people to look at.  Each
page must answer 200, show a heading, speak its language (Chinese text in
Chinese, drawn with a CJK font rather than boxes), and at phone width must
not be wider than the screen.
"""

import re

import pytest

from yeji.tests.route_table import collect_routes, get_routes
from yeji.tests.world import CAST, build_world, username
from yeji.web.tests.browser import (
    SIZES,
    chromium,
    cjk_glyphs_drawn,
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

ROUTES = get_routes(collect_routes())
# Each language of the pages, and the browser locale of a person reading it.
LANGUAGES = {"zh-hans": "zh-CN", "en": "en-US"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _check_page(page, response, language: str) -> list[str]:
    problems = []
    if response is None or response.status != 200:
        problems.append(f"answers {response.status if response else 'nothing'}")
    if page.locator("h1").count() == 0 or not page.locator("h1").first.is_visible():
        problems.append("shows no heading")
    text = page.locator("body").inner_text()
    if language == "zh-hans" and not CJK.search(text):
        problems.append("shows no Chinese text")
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"is not in {language}")
    return problems


@pytest.mark.parametrize("role", [r for r in CAST if r != "anonymous"])
def test_each_role_sees_every_page_it_may_at_phone_and_desktop_sizes(
    role, live_server, monkeypatch
):
    world = build_world()
    reachable = []
    for route, entry in sorted(ROUTES.items()):
        inside, _outside = world.sight(role, entry)
        if inside is not None:
            reachable.append((route, world.url(route, entry, inside)))
    problems: list[str] = []

    with chromium(monkeypatch) as browser:
        for language, locale in LANGUAGES.items():
            # The browser's own locale too: date fields follow it.
            context = browser.new_context(viewport=SIZES["desktop"], locale=locale)
            set_language(context, live_server.url, language)
            page = context.new_page()
            log_in(page, live_server.url, username(role))
            for route, url in reachable:
                page.set_viewport_size(SIZES["desktop"])
                response = page.goto(f"{live_server.url}{url}")
                where = f"{route} as {role} in {language}"
                problems += [
                    f"{where} {p}" for p in _check_page(page, response, language)
                ]
                for size, viewport in SIZES.items():
                    page.set_viewport_size(viewport)
                    if size == "phone" and overflows_sideways(page):
                        problems.append(f"{where} is wider than a phone's screen")
                    name = route.replace(":", "-")
                    screenshot(page, f"routes/{role}/{name}-{language}-{size}")
            if reachable and language == "zh-hans" and not cjk_glyphs_drawn(page):
                problems.append("Chinese characters are drawn as boxes: no CJK font")
            context.close()

    assert reachable, f"{role} reaches no page of the route table"
    assert not problems, "\n".join(problems)


def test_log_in_page_at_phone_and_desktop_sizes(live_server, monkeypatch):
    with chromium(monkeypatch) as browser:
        for language, locale in LANGUAGES.items():
            context = browser.new_context(locale=locale)
            set_language(context, live_server.url, language)
            page = context.new_page()
            for size, viewport in SIZES.items():
                page.set_viewport_size(viewport)
                response = page.goto(f"{live_server.url}/login/")
                assert response is not None and response.status == 200
                assert page.locator("h1").inner_text() == (
                    "登录" if language == "zh-hans" else "Log in"
                )
                assert not overflows_sideways(page)
                screenshot(page, f"routes/anonymous/login-{language}-{size}")
            if language == "zh-hans":
                assert cjk_glyphs_drawn(page)
            context.close()
