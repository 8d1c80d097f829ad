"""The customer pages speak Chinese first and English when asked, with no
label of the other language (names of people and customers excepted)."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from yeji.crm.models import Customer, Request, Survey, Visit
from yeji.org.models import Employee, Team

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

PAGES = [
    ("crm:customer_list", None),
    ("crm:customer_detail", "C-A"),
    ("crm:visit_create", "C-A"),
    ("crm:request_create", "C-A"),
    ("crm:survey_create", "C-A"),
    ("crm:complaint_create", "C-A"),
    ("crm:request_answer", "R-A2"),
]


def _url(name, arg):
    return reverse(name, args=[arg] if arg else [])


def _without_data(html: str) -> str:
    """The page with the records' own text taken out: what is left is
    labels."""
    data = {"业绩", "简体中文"}
    data |= set(Employee.objects.values_list("name", flat=True))
    data |= set(Team.objects.values_list("name", flat=True))
    data |= set(Customer.objects.values_list("name", flat=True))
    data |= set(Customer.objects.values_list("industry", flat=True))
    data |= set(Visit.objects.values_list("summary", flat=True))
    data |= set(Request.objects.values_list("subject", flat=True))
    data |= set(Survey.objects.values_list("comment", flat=True))
    data |= {"交货慢", "A（重点客户）"} - {""}
    for text in sorted(data - {""}, key=len, reverse=True):
        html = html.replace(text, "")
    return html


@pytest.mark.parametrize("name, arg", PAGES)
def test_the_pages_are_chinese_by_default(cast, name, arg):
    html = cast.client("rep1").get(_url(name, arg)).content.decode()

    assert '<html lang="zh-hans">' in html
    for english in ["Customers", "Owner", "Save the", "Log a visit", "Previous"]:
        assert english not in html


@pytest.mark.parametrize("name, arg", PAGES)
def test_the_pages_in_english_show_no_chinese_label(cast, name, arg):
    client = cast.client("rep1")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(_url(name, arg)).content.decode()

    assert '<html lang="en">' in html
    left = CJK.findall(_without_data(html))
    assert not left, "".join(left)


def test_the_customer_page_reads_in_chinese(cast):
    html = (
        cast.client("rep1")
        .get(reverse("crm:customer_detail", args=["C-A"]))
        .content.decode()
    )

    for text in ["记录拜访", "待回款", "已确认订单", "历史", "订单", "回款", "已等待"]:
        assert text in html


def test_no_other_catalogue_overrides_a_translation_of_these_pages():
    """An app listed before crm wins a message both translate; a message
    translated differently there must get a context here."""
    own = gettext.translation(
        "django",
        localedir=Path(__file__).resolve().parents[1] / "locale",
        languages=["zh_Hans"],
    )
    with translation.override("zh-hans"):
        merged = translation.trans_real.translation("zh-hans")
        for key, text in own._catalog.items():
            if not key or isinstance(key, tuple):
                continue
            assert merged._catalog.get(key) == text, key
