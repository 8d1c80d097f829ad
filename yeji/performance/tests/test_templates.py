"""Scorecard templates are data an administrator edits, and nonsense is
refused with a message naming the field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yeji.performance.models import (
    ScorecardTemplate,
    TemplateDimension,
    TemplateMetric,
)
from yeji.performance.validation import template_check

pytestmark = pytest.mark.django_db

ADD_URL = "admin:performance_scorecardtemplate_add"


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Admin pages render without a collected static manifest in tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _form(*, name="field sales", dimensions, metrics, is_default=False):
    """The admin's add form as a browser posts it."""
    data = {
        "name": name,
        "description": "",
        "dimensions-TOTAL_FORMS": str(len(dimensions)),
        "dimensions-INITIAL_FORMS": "0",
        "dimensions-MIN_NUM_FORMS": "1",
        "dimensions-MAX_NUM_FORMS": "1000",
        "metrics-TOTAL_FORMS": str(len(metrics)),
        "metrics-INITIAL_FORMS": "0",
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "1000",
    }
    if is_default:
        data["is_default"] = "on"
    for i, (dimension, weight) in enumerate(dimensions):
        data[f"dimensions-{i}-dimension"] = dimension
        data[f"dimensions-{i}-weight"] = weight
    for i, (dimension, metric, weight, zero, full, full_target) in enumerate(metrics):
        data.update(
            {
                f"metrics-{i}-dimension": dimension,
                f"metrics-{i}-metric": metric,
                f"metrics-{i}-weight": weight,
                f"metrics-{i}-zero": zero,
                f"metrics-{i}-full": full,
                f"metrics-{i}-full_target": full_target,
            }
        )
    return data


GOOD_DIMENSIONS = [("sales", "60"), ("efficiency", "40")]
GOOD_METRICS = [
    ("sales", "revenue", "1", "0", "", "revenue"),
    ("efficiency", "visits_per_week", "1", "0", "8", ""),
]


def _errors(response) -> str:
    return response.content.decode()


def test_admin_adds_a_template_with_its_rows(admin_client):
    response = admin_client.post(
        reverse(ADD_URL), _form(dimensions=GOOD_DIMENSIONS, metrics=GOOD_METRICS)
    )

    assert response.status_code == 302, _errors(response)
    template = ScorecardTemplate.objects.get(name="field sales")
    assert template.dimensions.count() == 2
    assert template.metrics.get(metric="visits_per_week").full == Decimal("8")


def test_admin_refuses_a_negative_weight(admin_client):
    metrics = [("sales", "revenue", "-1", "0", "", "revenue")]
    response = admin_client.post(
        reverse(ADD_URL), _form(dimensions=GOOD_DIMENSIONS, metrics=metrics)
    )

    assert response.status_code == 200
    assert "A weight cannot be negative." in _errors(response)
    assert not ScorecardTemplate.objects.filter(name="field sales").exists()


def test_admin_refuses_zero_equal_to_full(admin_client):
    metrics = [("efficiency", "visits_per_week", "1", "5", "5", "")]
    response = admin_client.post(
        reverse(ADD_URL), _form(dimensions=GOOD_DIMENSIONS, metrics=metrics)
    )

    assert response.status_code == 200
    assert "The value scoring 100 must differ from the value scoring 0." in _errors(
        response
    )
    assert not ScorecardTemplate.objects.filter(name="field sales").exists()


def test_admin_refuses_dimension_weights_all_zero(admin_client):
    dimensions = [("sales", "0"), ("efficiency", "0")]
    response = admin_client.post(
        reverse(ADD_URL), _form(dimensions=dimensions, metrics=GOOD_METRICS)
    )

    assert response.status_code == 200
    assert "the dimension weights are all zero" in _errors(response)
    assert not ScorecardTemplate.objects.filter(name="field sales").exists()


def test_admin_refuses_metric_weights_all_zero_in_a_dimension(admin_client):
    metrics = [
        ("sales", "revenue", "0", "0", "", "revenue"),
        ("sales", "order_count", "0", "0", "", "orders"),
        ("efficiency", "visits_per_week", "1", "0", "8", ""),
    ]
    response = admin_client.post(
        reverse(ADD_URL), _form(dimensions=GOOD_DIMENSIONS, metrics=metrics)
    )

    assert response.status_code == 200
    assert "the metric weights of Sales performance are all zero" in _errors(response)
    assert not ScorecardTemplate.objects.filter(name="field sales").exists()


def test_admin_refuses_a_second_default_template(admin_client):
    response = admin_client.post(
        reverse(ADD_URL),
        _form(dimensions=GOOD_DIMENSIONS, metrics=GOOD_METRICS, is_default=True),
    )

    assert response.status_code == 200
    assert "Template default is already the default" in _errors(response)


def _change_form(template, *, sales_weight):
    """The admin's change form of ``template`` with the sales dimension's
    weight set to ``sales_weight``, as a browser posts it."""
    dims = list(template.dimensions.all())
    mets = list(template.metrics.all())
    data = {
        "name": "default",
        "description": template.description,
        "is_default": "on",
        "dimensions-TOTAL_FORMS": str(len(dims)),
        "dimensions-INITIAL_FORMS": str(len(dims)),
        "dimensions-MIN_NUM_FORMS": "1",
        "dimensions-MAX_NUM_FORMS": "1000",
        "metrics-TOTAL_FORMS": str(len(mets)),
        "metrics-INITIAL_FORMS": str(len(mets)),
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "1000",
    }
    for i, d in enumerate(dims):
        data.update(
            {
                f"dimensions-{i}-id": d.id,
                f"dimensions-{i}-template": template.id,
                f"dimensions-{i}-dimension": d.dimension,
                f"dimensions-{i}-weight": sales_weight
                if d.dimension == "sales"
                else d.weight,
            }
        )
    for i, m in enumerate(mets):
        data.update(
            {
                f"metrics-{i}-id": m.id,
                f"metrics-{i}-template": template.id,
                f"metrics-{i}-dimension": m.dimension,
                f"metrics-{i}-metric": m.metric,
                f"metrics-{i}-weight": m.weight,
                f"metrics-{i}-zero": m.zero,
                f"metrics-{i}-full": "" if m.full is None else m.full,
                f"metrics-{i}-full_target": m.full_target,
            }
        )
    return data


def test_admin_changes_the_default_template_weights(admin_client):
    template = ScorecardTemplate.objects.get(name="default")
    url = reverse("admin:performance_scorecardtemplate_change", args=[template.id])

    response = admin_client.post(url, _change_form(template, sales_weight="50"))

    assert response.status_code == 302, _errors(response)
    assert template.dimensions.get(dimension="sales").weight == Decimal("50")


def test_admin_edit_of_a_template_is_in_its_history(admin_client):
    template = ScorecardTemplate.objects.get(name="default")
    sales = template.dimensions.get(dimension="sales")
    url = reverse("admin:performance_scorecardtemplate_change", args=[template.id])

    response = admin_client.post(url, _change_form(template, sales_weight="50"))

    assert response.status_code == 302, _errors(response)
    latest = sales.history.latest()
    assert (latest.history_type, latest.weight) == ("~", Decimal("50"))
    assert latest.history_channel == "admin"
    assert latest.history_user.username == "admin"
    assert latest.history_username == "admin"
    assert template.history.latest().history_channel == "admin"


def test_metric_row_refuses_negative_weight_and_zero_equal_to_full():
    template = ScorecardTemplate.objects.create(name="t")
    row = TemplateMetric(
        template=template,
        dimension="efficiency",
        metric="visits_per_week",
        weight=Decimal("-1"),
        zero=Decimal("5"),
        full=Decimal("5"),
    )

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert set(caught.value.message_dict) >= {"weight", "full"}


def test_dimension_row_refuses_negative_weight():
    template = ScorecardTemplate.objects.create(name="t")
    row = TemplateDimension(template=template, dimension="sales", weight=Decimal("-2"))

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert "weight" in caught.value.message_dict


def test_template_check_refuses_all_zero_weights():
    template = ScorecardTemplate.objects.create(name="t")
    TemplateDimension.objects.create(template=template, dimension="sales", weight=0)
    TemplateMetric.objects.create(
        template=template,
        dimension="sales",
        metric="revenue",
        weight=0,
        zero=0,
        full_target="revenue",
    )

    with pytest.raises(ValidationError) as caught:
        template_check(template=template)

    text = " ".join(caught.value.messages)
    assert "dimension weights are all zero" in text
    assert "metric weights of Sales performance are all zero" in text


def test_template_check_accepts_the_default_template():
    template_check(template=ScorecardTemplate.objects.get(name="default"))
