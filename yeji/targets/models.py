"""The target cascade above the reps, its revisions, and the company's
working calendar.

A rep's own target stays ``planning.Target`` (the interchange format's
``targets``); the company's, the regions' and the teams' targets are
``TeamTarget`` rows on the team tree, the company being the team at the
top.  Every change of either made through Yeji's pages or API, and every
change of a team's target by an import of the interchange format
(``team_targets``), leaves a ``TargetRevision``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee, Team
from yeji.planning.models import TargetMetric


class TeamTarget(models.Model):
    """What a team (a region, or the company at the top of the tree) is
    expected to reach in a year, quarter or month.

    ``period`` is a label as in ``planning.Target``.  A value of zero is
    allowed: a team may be given no share of a split.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=8)
    metric = models.CharField(_("metric"), max_length=16, choices=TargetMetric.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("team target")
        verbose_name_plural = _("team targets")
        ordering = ["team__code", "period", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "period", "metric"],
                name="team_target_one_per_team_period_metric",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="team_target_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.metric}"


class RevisionHow(models.TextChoices):
    HAND = "hand", _("set by hand")
    EQUAL = "equal", _("split equally")
    LAST_YEAR = "last_year", _("split by last year's share")
    PROFILE = "profile", _("split by a seasonal profile")
    IMPORT = "import", _("imported from a file")


class TargetRevision(models.Model):
    """One change of one target, team's or rep's: who, when, how, before
    and after.  ``before`` is empty for a new target and ``after`` for one
    taken away (a rep given no share of a split)."""

    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("rep"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=8)
    metric = models.CharField(_("metric"), max_length=16, choices=TargetMetric.choices)
    before = models.DecimalField(
        _("before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    after = models.DecimalField(
        _("after"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    how = models.CharField(_("how"), max_length=16, choices=RevisionHow.choices)

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["team", "period"], name="target_revision_team"),
            models.Index(fields=["employee", "period"], name="target_revision_rep"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) ^ Q(employee__isnull=True),
                name="target_revision_of_team_or_rep",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.metric} {self.before} → {self.after}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKDAY = "workday", _("Working day")


class CalendarDay(models.Model):
    """A date whose working status is not the week's usual one: a public
    holiday on a weekday (or inside a holiday span), or a Saturday or Sunday
    worked in exchange (调休).

    A date not listed is a working day from Monday to Friday and a day off
    on Saturday and Sunday.  Seeded from ``chinese-calendar``
    (``yeji holidays --seed``) and kept here, editable in the admin pages,
    because next year's holidays are announced late in the year.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DayKind.values), name="calendar_day_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"
