"""Create the default scorecard template of scorecard.md.

The figures are written out here rather than imported from the app, so the
migration keeps creating the same template whatever the code becomes.
"""

from decimal import Decimal

from django.db import migrations

DIMENSIONS = [
    ("sales", "40"),
    ("satisfaction", "25"),
    ("efficiency", "20"),
    ("quality", "15"),
]
# (dimension, metric, weight, zero, full, full_target)
METRICS = [
    ("sales", "revenue", "0.6", "0", None, "revenue"),
    ("sales", "order_count", "0.2", "0", None, "orders"),
    ("sales", "new_customers", "0.2", "0", None, "new_customers"),
    ("satisfaction", "avg_satisfaction", "0.5", "1", "5", ""),
    ("satisfaction", "recommendation_rate", "0.3", "0", "0.6", ""),
    ("satisfaction", "complaints", "0.2", "5", "0", ""),
    ("efficiency", "visits_per_week", "0.4", "0", "5", ""),
    ("efficiency", "task_on_time_rate", "0.4", "0", "1", ""),
    ("efficiency", "median_response_hours", "0.2", "48", "4", ""),
    ("quality", "knowledge_score", "1", "0", "100", ""),
    ("quality", "communication_score", "1", "0", "100", ""),
    ("quality", "teamwork_score", "1", "0", "100", ""),
]


def create_default(apps, schema_editor):
    Template = apps.get_model("performance", "ScorecardTemplate")
    TemplateDimension = apps.get_model("performance", "TemplateDimension")
    TemplateMetric = apps.get_model("performance", "TemplateMetric")
    if Template.objects.filter(name="default").exists():
        return
    template = Template.objects.create(
        name="default",
        description="The default template of scorecard.md.",
        is_default=True,
    )
    TemplateDimension.objects.bulk_create(
        TemplateDimension(template=template, dimension=d, weight=Decimal(w))
        for d, w in DIMENSIONS
    )
    TemplateMetric.objects.bulk_create(
        TemplateMetric(
            template=template,
            dimension=d,
            metric=m,
            weight=Decimal(w),
            zero=Decimal(z),
            full=Decimal(f) if f is not None else None,
            full_target=t,
        )
        for d, m, w, z, f, t in METRICS
    )


def remove_default(apps, schema_editor):
    apps.get_model("performance", "ScorecardTemplate").objects.filter(
        name="default"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(create_default, remove_default)]
