"""A scorecard template's history page in the admin: every change of the
template and of its weight rows, whoever made it and through whatever."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from yeji.audit.context import Channel, audit_channel
from yeji.performance.models import ScorecardTemplate
from yeji.performance.tests.test_templates import (  # noqa: F401  (fixture)
    _change_form,
    _errors,
    plain_static_files,
)

pytestmark = pytest.mark.django_db


def _history_url(template: ScorecardTemplate) -> str:
    return reverse("admin:performance_scorecardtemplate_history", args=[template.pk])


def _rows(page: str) -> list[str]:
    """The history table's rows, each as its text with spaces squeezed."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.split("</tr>")[:-1]
    return [" ".join(_text(row).split()) for row in rows]


def _text(html: str) -> str:
    out, inside = [], False
    for char in html:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
            out.append(" ")
        elif not inside:
            out.append(char)
    return "".join(out)


def test_history_shows_weight_changes_from_the_admin_and_elsewhere(admin_client):
    template = ScorecardTemplate.objects.get(name="default")
    sales = template.dimensions.get(dimension="sales")
    before = f"{sales.weight:.4f}"
    response = admin_client.post(
        reverse("admin:performance_scorecardtemplate_change", args=[template.pk]),
        _change_form(template, sales_weight="50"),
    )
    assert response.status_code == 302, _errors(response)
    # Then someone at the command line drops a metric from the template.
    dropped = template.metrics.order_by("id").first()
    with audit_channel(Channel.COMMAND):
        dropped.delete()

    page = admin_client.get(_history_url(template), HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    rows = _rows(page.content.decode())
    # Newest first: the deletion, then the admin's change of the weight.
    assert "command line" in rows[0]
    with translation.override("en"):
        assert f"Metric weight: {dropped.get_metric_display()}" in rows[0]
    assert "Deleted" in rows[0]
    weight_rows = [r for r in rows if "Dimension weight: Sales performance" in r]
    assert len(weight_rows) == 1
    (weight_row,) = weight_rows
    assert "admin" in weight_row and "admin pages" in weight_row
    # The default template predates its history: the first change recorded
    # says so, and shows the value after.
    assert "the values before were not recorded" in weight_row
    assert "50.0000" in weight_row
    assert before not in weight_row
    assert any("the template" in r for r in rows)


def test_a_second_change_shows_before_and_after_in_chinese(admin_client):
    template = ScorecardTemplate.objects.get(name="default")
    url = reverse("admin:performance_scorecardtemplate_change", args=[template.pk])
    for weight in ("50", "45"):
        response = admin_client.post(url, _change_form(template, sales_weight=weight))
        assert response.status_code == 302, _errors(response)

    page = admin_client.get(_history_url(template), HTTP_ACCEPT_LANGUAGE="zh-hans")

    rows = [r for r in _rows(page.content.decode()) if "维度权重：销售业绩" in r]
    assert len(rows) == 2
    newest, first = rows
    assert "50.0000 → 45.0000" in newest
    assert "管理后台" in newest
    assert "→" not in first
    assert template.dimensions.get(dimension="sales").weight == Decimal("45")


def test_staff_without_the_right_to_see_templates_get_no_history(client):
    template = ScorecardTemplate.objects.get(name="default")
    with audit_channel(Channel.COMMAND):
        sales = template.dimensions.get(dimension="sales")
        sales.weight = Decimal("77")
        sales.save()
    staff = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    client.force_login(staff)

    page = client.get(_history_url(template), HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 403
    assert "77.0000" not in page.content.decode()
