"""Every page speaks one language: English with no Chinese, Chinese with no
untranslated English.

The pages are those of the route table (every GET route, so a page added
later with its entry is covered without touching this file), plus the
log-in, 403 and 404 pages, each asked for by roles that see it.  What a
person reads is taken from the HTML: text outside scripts and styles, the
page title, and the attributes shown as text (title, placeholder,
aria-label, alt, a button's value).  The company's own data (names of
people, customers and teams, codes, subjects) is left out before looking:
it is in whatever language the company writes it.
"""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils.translation import get_language_info

from yeji.i18n import catalogues, parse_po
from yeji.org.models import AccountPreference
from yeji.tests.route_table import collect_routes, get_routes
from yeji.tests.world import RECORD_APPS, World

CHINESE = "zh-hans"
ENGLISH = "en"

# Han characters, CJK punctuation and full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Words a Chinese page shows on purpose: the product's own name beside 业绩,
# file formats and encodings, and the name of a score that is written the
# same in Chinese.
LATIN_IN_CHINESE = frozenset({"Yeji", "CSV", "XLSX", "NPS", "UTF", "GB"})
# File names of the interchange format (teams.csv), which a Chinese page
# names as they are.
FILE_NAME = re.compile(r"\b[a-z]+\.(?:csv|xlsx)\b")

# Who asks for each area's pages: roles that see them, whose pages differ.
ROLES_BY_AREA = {
    "sales": ("manager", "director", "finance"),
    "performance": ("manager", "director", "hr"),
    "admin": ("admin",),
    "any": (
        "rep",
        "other_rep",
        "manager",
        "director",
        "hr",
        "finance",
        "admin",
        "no_employee",
    ),
}

SHOWN_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt"})
HIDDEN_ELEMENTS = frozenset({"script", "style", "template"})


class _VisibleText(HTMLParser):
    """The pieces of text of a page that a person reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        shown = dict(attrs)
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.pieces.append(value)
        if tag == "input" and shown.get("type") in {"submit", "button"}:
            self.pieces.append(shown.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.pieces.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [p for p in parser.pieces if p]


def company_data() -> list[str]:
    """Every text the company itself wrote: the values of the text fields
    (without choices, whose labels are Yeji's) of every record, and the
    log-in names, longest first so that a name is removed before any part
    of it."""
    found: set[str] = set(get_user_model().objects.values_list("username", flat=True))
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is AccountPreference:
                # A language code chosen, not text anyone wrote.
                continue
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            if not fields:
                continue
            for row in model.objects.values_list(*fields):
                found.update(v for v in row if v and len(v) > 1)
    return sorted(found, key=len, reverse=True)


def without(pieces: list[str], texts: list[str]) -> list[str]:
    left = []
    for piece in pieces:
        for text in texts:
            piece = piece.replace(text, " ")
        if piece.strip():
            left.append(piece.strip())
    return left


def language_names() -> list[str]:
    """Each language named in itself, as the language switch shows it."""
    return [get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES]


def english_messages() -> set[str]:
    """The English messages of Yeji's catalogues (what a page shows when a
    translation is missing)."""
    return {
        entry.msgid
        for path in catalogues()
        for entry in parse_po(path)
        if not entry.is_header
    }


@pytest.fixture(scope="module")
def data(world, django_db_blocker) -> list[str]:
    with django_db_blocker.unblock():
        return company_data()


ROUTES = get_routes(collect_routes())
PAGES = [
    (route, role)
    for route, entry in sorted(ROUTES.items())
    for role in ROLES_BY_AREA[entry["area"]]
]


def _page(world: World, route: str, role: str, language: str):
    entry = ROUTES[route]
    inside, _outside = world.sight(role, entry)
    if inside is None:
        pytest.skip(f"{role} sees no {entry['record'] or 'record'} of {route}")
    client = world.client(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(world.url(route, entry, inside), follow=True)
    assert response.status_code == 200, response.status_code
    return response


def _special_pages(world: World, language: str) -> dict[str, Any]:
    """The pages outside the route table: log-in, not allowed, not found."""
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    finance = world.client("finance")
    finance.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return {
        "login": anonymous.get(reverse("login")),
        "403": finance.get(reverse("web:scorecard")),
        "404": finance.get(reverse("web:rep", args=["NO-SUCH-REP"])),
    }


def assert_english(html: str, data: list[str], where: str) -> None:
    allowed = [*data, *language_names(), "业绩"]
    chinese = [p for p in without(visible_text(html), allowed) if CJK.search(p)]
    assert not chinese, f"{where} in English shows Chinese: {chinese}"


def assert_chinese(html: str, data: list[str], where: str) -> None:
    allowed = [*data, *language_names()]
    left = without(visible_text(html), allowed)
    messages = english_messages()
    untranslated = [p for p in left if p in messages and p not in LATIN_IN_CHINESE]
    assert not untranslated, f"{where} in Chinese shows untranslated: {untranslated}"
    english = [
        p
        for p in left
        if any(
            w not in LATIN_IN_CHINESE for w in LATIN_WORD.findall(FILE_NAME.sub("", p))
        )
    ]
    assert not english, f"{where} in Chinese shows English: {english}"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), PAGES)
def test_page_in_english_shows_no_chinese(world, data, route, role):
    response = _page(world, route, role, ENGLISH)

    assert '<html lang="en">' in response.content.decode()
    assert_english(response.content.decode(), data, f"{route} as {role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), PAGES)
def test_page_in_chinese_shows_no_english(world, data, route, role):
    response = _page(world, route, role, CHINESE)

    assert '<html lang="zh-hans">' in response.content.decode()
    assert_chinese(response.content.decode(), data, f"{route} as {role}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", [ENGLISH, CHINESE])
def test_log_in_and_error_pages_speak_one_language(world, data, language):
    for name, response in _special_pages(world, language).items():
        html = response.content.decode()
        if language == ENGLISH:
            assert_english(html, data, name)
        else:
            assert_chinese(html, data, name)


def test_the_checks_find_what_they_look_for():
    html = (
        '<html><head><title>Scorecard · 业绩</title><script>var x = "中文";</script>'
        '</head><body><a title="我的账户" href="/">张伟</a><p>Overall score</p>'
        '<input type="submit" value="保存"><p>2026-Q3 CSV</p></body></html>'
    )

    assert visible_text(html) == [
        "Scorecard · 业绩",
        "我的账户",
        "张伟",
        "Overall score",
        "保存",
        "2026-Q3 CSV",
    ]
    with pytest.raises(AssertionError, match="我的账户"):
        assert_english(html, ["张伟"], "page")
    with pytest.raises(AssertionError, match="Overall score"):
        assert_chinese(html, ["张伟"], "page")
