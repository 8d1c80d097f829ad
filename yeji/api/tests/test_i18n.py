"""The token page and the API's errors in Chinese (the default) and English."""

import re

from django.test import Client

CHINESE_LABELS = ["访问令牌", "创建令牌", "您的令牌", "吊销", "名称", "从未"]
ENGLISH_LABELS = ["Access tokens", "Make a token", "Your tokens", "Revoke", "Name"]


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_token_page_in_chinese_and_in_english(company):
    client = company.client("rep1")
    client.post(
        "/account/tokens/", {"action": "create", "name": "ci", "form_token": "f"}
    )
    chinese = _text(client.get("/account/tokens/").content.decode())
    assert "访问令牌" in chinese and "吊销" in chinese
    assert not [label for label in ENGLISH_LABELS if label in chinese]

    client.cookies["django_language"] = "en"
    english = _text(client.get("/account/tokens/").content.decode())
    assert "Access tokens" in english and "Revoke" in english
    assert not [label for label in CHINESE_LABELS if label in english]


def test_api_errors_in_chinese_by_default(company):
    answer = Client().get("/api/v1/orders")
    assert answer.status_code == 401
    assert answer.json()["detail"][0]["msg"].startswith("请登录")
