from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee


class AssessmentKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Product knowledge test")
    COMMUNICATION = "communication", _("Communication (simulated visit or call)")
    TEAMWORK = "teamwork", _("Teamwork review")


class Assessment(models.Model):
    """A scored assessment of an employee: a test, a role play or a review."""

    assessment_no = models.CharField(_("assessment number"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("assessed on"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    assessor = models.ForeignKey(
        Employee,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assessment_no"]
        indexes = [models.Index(fields=["employee", "assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="assessment_score_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.assessment_no
