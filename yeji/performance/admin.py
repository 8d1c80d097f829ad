"""Admin pages for scorecard templates: a template with its dimension and
metric rows inline, refused with a message naming the field when it makes
no sense (see ``validation.py``)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yeji.performance.models import ScorecardTemplate, TemplateDimension, TemplateMetric
from yeji.performance.queries import template_changes
from yeji.performance.validation import dimension_weights_error, metric_weights_errors


def _kept_forms(formset: forms.BaseInlineFormSet) -> list[forms.ModelForm]:
    """The forms that will be saved: filled in, valid so far, not deleted."""
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None)
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("weight") is not None
    ]


class DimensionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = _kept_forms(self)
        message = dimension_weights_error(f.cleaned_data["weight"] for f in kept)
        if message:
            for form in kept:
                form.add_error("weight", message)
            raise ValidationError(message, code="dimension_weights")


class MetricFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = _kept_forms(self)
        problems = metric_weights_errors(
            (f.cleaned_data["dimension"], f.cleaned_data["weight"]) for f in kept
        )
        for form in kept:
            if form.cleaned_data["dimension"] in problems:
                form.add_error("weight", problems[form.cleaned_data["dimension"]])
        if problems:
            raise ValidationError(list(problems.values()), code="metric_weights")


class TemplateDimensionInline(admin.TabularInline):
    model = TemplateDimension
    formset = DimensionFormSet
    extra = 0
    min_num = 1


class TemplateMetricInline(admin.TabularInline):
    model = TemplateMetric
    formset = MetricFormSet
    extra = 0
    fields = ["dimension", "metric", "weight", "zero", "full", "full_target"]


class ScorecardTemplateForm(forms.ModelForm):
    class Meta:
        model = ScorecardTemplate
        fields = ["name", "description", "is_default"]

    def clean_is_default(self) -> bool:
        is_default = self.cleaned_data["is_default"]
        others = ScorecardTemplate.objects.filter(is_default=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if is_default and (other := others.first()) is not None:
            raise ValidationError(
                _(
                    "Template %(name)s is already the default; untick its "
                    "default box first, as only one template can be the default."
                )
                % {"name": other.name},
                code="one_default",
            )
        return is_default


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin):
    form = ScorecardTemplateForm
    list_display = ["name", "is_default", "description"]
    search_fields = ["name"]
    inlines = [TemplateDimensionInline, TemplateMetricInline]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).prefetch_related("dimensions", "metrics")

    def history_view(
        self, request: Any, object_id: str, extra_context: dict | None = None
    ) -> Any:
        """The template's audit history, its weight rows' included, rather
        than the admin's own log (which knows only changes made here)."""
        template = self.get_object(request, unquote(object_id))
        if template is not None and self.has_view_or_change_permission(
            request, template
        ):
            extra_context = {
                **(extra_context or {}),
                "changes": template_changes(template),
            }
        return super().history_view(request, object_id, extra_context)
