"""The pages speak Chinese first and English when the user switches."""

import gettext
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from yeji.web.tests.conftest import PERIOD_QUERY

pytestmark = pytest.mark.django_db


def test_scorecard_headings_are_chinese_by_default(company):
    response = company.client("director").get(reverse("web:scorecard"), PERIOD_QUERY)

    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    for heading in ["业绩考核", "排名（本表内）", "工号", "姓名", "综合得分", "等级"]:
        assert heading in html
    for dimension in ["销售业绩", "客户满意度", "工作效率", "综合素质"]:
        assert dimension in html
    assert "Overall score" not in html


def test_switching_to_english_changes_the_headings(company):
    client = company.client("director")
    switched = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("web:scorecard")},
    )
    assert switched.status_code == 302

    response = client.get(reverse("web:scorecard"), PERIOD_QUERY)

    html = response.content.decode()
    assert '<html lang="en">' in html
    for heading in ["Rank (among shown)", "Employee no.", "Overall score", "Grade"]:
        assert heading in html
    assert "Sales performance" in html
    assert "综合得分" not in html


def test_rep_page_is_chinese_by_default(company):
    response = company.client("director").get(
        reverse("web:rep", args=["E0001"]), PERIOD_QUERY
    )

    html = response.content.decode()
    for text in ["综合得分的计算方法", "销售额", "满分对应值", "权重", "记录数"]:
        assert text in html


def test_log_in_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert "登录" in html
    assert "用户名" in html


def test_rep_page_calls_a_metrics_points_a_score_not_a_total(company):
    response = company.client("director").get(
        reverse("web:rep", args=["E0001"]), PERIOD_QUERY
    )

    html = response.content.decode()
    assert '<th scope="col" class="num">得分</th>' in html
    assert "总分" not in html


def test_no_other_catalogue_overrides_a_translation_of_these_pages():
    """Django lets an app listed earlier win a shared message; a shared
    message translated differently elsewhere must get a context here."""
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
