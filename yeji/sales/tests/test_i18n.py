"""The order and payment pages in Chinese (the default) and in English."""

import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from yeji.sales.models import OrderStatus
from yeji.sales.tests.factories import PaymentFactory
from yeji.web.tests.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")

PAGES = ["/orders/", "/orders/SO-1/", "/orders/SO-2/", "/payments/"]


@pytest.fixture
def records(cast):
    customer = CustomerFactory(code="C-1", name="上海申通", owner=cast.people["rep1"])
    order = OrderFactory(
        order_no="SO-1",
        customer=customer,
        employee=cast.people["rep1"],
        amount=Decimal("100.00"),
    )
    OrderFactory(
        order_no="SO-2",
        customer=customer,
        employee=cast.people["rep1"],
        status=OrderStatus.CANCELLED,
    )
    PaymentFactory(order=order, amount=Decimal("40.00"))
    return cast


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _visible_text(html: str) -> str:
    """The page's text as a reader sees it, without tags and attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_english_pages_show_no_chinese_but_names(records):
    client = _english(records.client("manager"))
    names = ["上海申通", "张伟", "王芳", "吴组长", "华东一组", "简体中文", "业绩"]

    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        for name in names:
            text = text.replace(name, "")
        assert not CJK.findall(text), (url, CJK.findall(text))


def test_chinese_pages_show_no_english_labels(records):
    client = records.client("manager")
    english = [
        "Orders",
        "Payments",
        "Order number",
        "Amount",
        "Paid",
        "Owed",
        "Status",
        "Customer",
        "Download",
        "Confirmed",
        "Cancelled",
        "From",
        "Everyone I can see",
        "Nothing is owed",
    ]

    for url in PAGES:
        text = _visible_text(client.get(url).content.decode())
        for label in english:
            assert label not in text, (url, label)


def test_no_other_catalogue_overrides_a_translation_of_these_pages():
    """An app listed earlier wins a message both translate; a message this
    app translates differently from another must carry a context."""
    own = gettext.translation(
        "django",
        localedir=Path(__file__).resolve().parents[1] / "locale",
        languages=["zh_Hans"],
    )
    with translation.override("zh-hans"):
        merged = translation.trans_real.translation("zh-hans")
        for key, text in own._catalog.items():
            if not key:
                continue
            assert merged._catalog.get(key) == text, key
