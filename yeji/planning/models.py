from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yeji.audit.models import audited
from yeji.org.models import Employee, Team


class Plan(models.Model):
    """What a rep or a team means to reach in a stretch of time, and the
    timetable of tasks that gets them there.

    A plan belongs to one rep or to one team, never both.  Its goals are
    the owner's own words, one a line; its tasks are ordinary tasks (each
    with an owner and a due date) that name the plan, so finishing them on
    time counts on the scorecard as any task does.
    """

    plan_no = models.CharField(_("plan number"), max_length=32, unique=True)
    title = models.CharField(pgettext_lazy("of a plan", "title"), max_length=200)
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"), blank=True)
    created_by = models.ForeignKey(
        Employee,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on", "plan_no"]
        indexes = [models.Index(fields=["starts_on", "plan_no"], name="plan_start")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(employee__isnull=False, team__isnull=True)
                    | Q(employee__isnull=True, team__isnull=False)
                ),
                name="plan_for_a_rep_or_a_team",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="plan_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.plan_no

    @property
    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class TaskRepeat(models.Model):
    """A task of a plan that comes back: every week on a weekday, or every
    month on a day of the month, from ``starts_on`` to ``ends_on``.

    Each occurrence is its own Task (see ``plans.task_repeat_create``), so
    a weekly report done late counts as late that week only.  A month
    shorter than ``day_of_month`` has its occurrence on its last day.
    """

    repeat_no = models.CharField(_("repeat number"), max_length=32, unique=True)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="repeats"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    frequency = models.CharField(_("repeats"), max_length=8, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("repeating task")
        verbose_name_plural = _("repeating tasks")
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(frequency="weekly", weekday__lte=6, day_of_month__isnull=True)
                    | Q(
                        frequency="monthly",
                        weekday__isnull=True,
                        day_of_month__gte=1,
                        day_of_month__lte=31,
                    )
                ),
                name="task_repeat_day_fits_frequency",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="task_repeat_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A team's meeting: its agenda beforehand, who came, the minutes, and
    the action items, which are tasks that name the meeting."""

    meeting_no = models.CharField(_("meeting number"), max_length=32, unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(pgettext_lazy("of a meeting", "title"), max_length=200)
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    organizer = models.ForeignKey(
        Employee,
        verbose_name=_("organizer"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    attendees = models.ManyToManyField(
        Employee, verbose_name=_("attendees"), related_name="+", blank=True
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "meeting_no"]
        indexes = [
            models.Index(fields=["held_on", "meeting_no"], name="meeting_held_order")
        ]

    def __str__(self) -> str:
        return self.meeting_no


class Task(models.Model):
    """A piece of work a rep must finish by a date."""

    task_no = models.CharField(_("task number"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Where the task came from, if from a plan, a repeat of one or a
    # meeting's action items.  Deleting those leaves the task (and its part
    # in the scorecard) alone.
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        related_name="tasks",
        null=True,
        blank=True,
    )
    repeat = models.ForeignKey(
        TaskRepeat,
        verbose_name=_("repeating task"),
        on_delete=models.SET_NULL,
        related_name="occurrences",
        null=True,
        blank=True,
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["task_no"]
        indexes = [
            models.Index(fields=["employee", "due_on"]),
            # The task list reads a page in due order across many reps.
            models.Index(fields=["due_on", "task_no"], name="task_due_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["repeat", "due_on"],
                condition=Q(repeat__isnull=False),
                name="task_one_occurrence_a_day",
            ),
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

    history = audited()

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


class ReportKind(models.TextChoices):
    DAILY = "daily", _("Daily report")
    WEEKLY = "weekly", _("Weekly report")


class WorkReport(models.Model):
    """A rep's daily (日报) or weekly (周报) report.

    The figures are those of the rep's own records of the day or the week
    (Monday to Sunday), read when the report is written (see
    ``reports.report_figures``) and kept as they were then, beside the rep's
    own words.  The manager comments and marks it reviewed.
    """

    report_no = models.CharField(_("report number"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        pgettext_lazy("of a report", "kind"), max_length=8, choices=ReportKind.choices
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    visits = models.PositiveIntegerField(_("visits"), default=0)
    new_customers = models.PositiveIntegerField(_("new customers"), default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    order_amount = models.DecimalField(
        _("order amount"), max_digits=14, decimal_places=2, default=0
    )
    collections = models.DecimalField(
        _("collections"), max_digits=14, decimal_places=2, default=0
    )
    tasks_done = models.PositiveIntegerField(_("tasks done"), default=0)
    wins = models.TextField(_("wins"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Employee,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-starts_on", "report_no"]
        indexes = [
            # The report list reads a page, newest first, across many reps.
            models.Index(fields=["starts_on", "report_no"], name="report_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind", "starts_on"],
                name="report_one_per_rep_kind_period",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="daily", ends_on=F("starts_on"))
                    | Q(kind="weekly", ends_on__gt=F("starts_on"))
                ),
                name="report_period_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(order_amount__gte=0, collections__gte=0),
                name="report_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.report_no


class ReportComment(models.Model):
    """A remark on a work report, by its manager or by the rep answering."""

    report = models.ForeignKey(
        WorkReport,
        verbose_name=_("work report"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.body[:30]}"
