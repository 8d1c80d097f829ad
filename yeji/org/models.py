from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yeji.audit.models import audited


class Team(models.Model):
    """A sales team, region or the company itself.

    Teams form a tree through ``parent``: a region holds teams, the company
    holds regions.  A manager sees the records of their team and of every
    team below it.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="team_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Role(models.TextChoices):
    REP = "rep", _("Sales rep")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    HR = "hr", _("HR")
    FINANCE = "finance", _("Finance")
    ADMIN = "admin", _("Administrator")


class Employee(models.Model):
    """A person on the company's payroll: a rep, a manager, HR staff, ...

    Only employees with the role ``rep`` are on the scorecard.  An employee
    may have a log-in (``user``); records name employees, not log-ins.
    """

    employee_no = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hired_on = models.DateField(_("hired on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    base_salary = models.DecimalField(
        _("base salary"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    history = audited()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["employee_no"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("hired_on")),
                name="employee_left_not_before_hired",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="employee_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.name}"


class AccountPreference(models.Model):
    """What a log-in chose for itself, kept across log-ins: its language.

    A log-in without a row here has chosen nothing and sees the language
    its browser's cookie or headers ask for (Chinese by default).  Any log-in
    may have one, with or without an employee behind it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    # One of settings.LANGUAGES; the service refuses any other, and an empty
    # value means "not chosen".
    language = models.CharField(_("language"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("account preference")
        verbose_name_plural = _("account preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"
