"""The pipeline pages' forms: filters, a new lead, a new opportunity, a move
between stages and a reopening.  The rules live in ``pipeline_services``;
the views put its errors back next to the fields they name."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yeji.crm.forms import DateInput, _OnceForm
from yeji.crm.models import LeadSource, LeadStatus, Stage
from yeji.crm.pipeline_queries import OPEN_STAGES


class PipelineFilterForm(forms.Form):
    """Whose pipeline: one rep, one team, or everyone the user sees."""

    rep = forms.ChoiceField(label=_("Rep"), required=False)
    team = forms.ChoiceField(
        label=pgettext_lazy("customer filter", "Team"), required=False
    )

    def __init__(
        self,
        *args: Any,
        reps: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rep"].choices = [("", _("Any rep"))] + reps
        self.fields["team"].choices = [("", _("Any team"))] + teams


class LeadFilterForm(PipelineFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(LeadStatus.choices),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("Any source"))] + list(LeadSource.choices),
    )


class OpportunityFilterForm(PipelineFilterForm):
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("Any stage"))] + list(Stage.choices),
    )


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class FunnelFilterForm(PipelineFilterForm):
    """The funnel's period (opportunities created in it), default this
    quarter so far."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or _quarter_start(today)
        data["end"] = data.get("end") or today
        if data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


class LeadForm(_OnceForm):
    name = forms.CharField(label=_("Company"), max_length=200)
    contact = forms.CharField(label=_("Contact"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    source = forms.ChoiceField(
        label=_("Source"), choices=LeadSource.choices, widget=forms.RadioSelect
    )


class OpportunityForm(_OnceForm):
    name = forms.CharField(label=_("Title"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=0
    )
    expected_close_on = forms.DateField(
        label=_("Expected close date"), widget=DateInput()
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(s.value, s.label) for s in OPEN_STAGES],
        initial=Stage.NEEDS_ANALYSIS,
    )
    probability = forms.IntegerField(
        label=_("Probability (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Leave empty for the stage's usual probability."),
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    probability = forms.IntegerField(
        label=_("Probability (%)"), min_value=0, max_value=100, required=False
    )
    lost_reason = forms.CharField(
        label=_("Reason lost"), max_length=300, required=False
    )
    competitor = forms.CharField(label=_("Competitor"), max_length=200, required=False)


class ReopenForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Reopen at"),
        choices=[(s.value, s.label) for s in OPEN_STAGES],
        initial=Stage.NEGOTIATION,
    )
