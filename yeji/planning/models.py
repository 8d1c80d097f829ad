from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee


class Task(models.Model):
    """A piece of work a rep must finish by a date."""

    task_no = models.CharField(_("task number"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["task_no"]
        indexes = [
            models.Index(fields=["employee", "due_on"]),
            # The task list reads a page in due order across many reps.
            models.Index(fields=["due_on", "task_no"], name="task_due_order"),
        ]

    def __str__(self) -> str:
        return self.task_no


class TargetMetric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    ORDERS = "orders", _("Orders")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    VISITS = "visits", _("Visits")


class Target(models.Model):
    """What a rep is expected to reach in a year, quarter or month.

    ``period`` is a label: ``2026``, ``2026-Q3`` or ``2026-07``.  Revenue
    targets are money; the others (orders, new customers, visits) are whole
    numbers.
    """

    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=8)
    metric = models.CharField(_("metric"), max_length=16, choices=TargetMetric.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["employee__employee_no", "period", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period", "metric"],
                name="target_one_per_rep_period_metric",
            ),
            models.CheckConstraint(
                condition=Q(value__gt=0), name="target_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.metric}"
