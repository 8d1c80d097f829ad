"""The pipeline pages: leads, opportunities, the board and the funnel.

Every page reads through ``crm.pipeline_queries`` and writes through
``crm.pipeline_services``; a record outside the user's sight answers 404,
like one that does not exist, and so does a form the user may not use.
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yeji.crm import pipeline_queries as queries
from yeji.crm import pipeline_services as services
from yeji.crm.models import Stage
from yeji.crm.pipeline_forms import (
    FunnelFilterForm,
    LeadFilterForm,
    LeadForm,
    MoveForm,
    OpportunityFilterForm,
    OpportunityForm,
    PipelineFilterForm,
    ReopenForm,
)
from yeji.crm.queries import may_write, writable_customers
from yeji.org.models import Employee, Role
from yeji.org.queries import Area, team_subtree_ids, visible_employees, visible_teams
from yeji.web.downloads import requested_format, table_download

PER_PAGE = 50


def _filtered(
    request: HttpRequest, form_class: type[PipelineFilterForm]
) -> tuple[PipelineFilterForm, dict[str, Any], dict[str, Any]]:
    """The filter form of a page, the scope it picks (``employee``,
    ``team_ids``) and the context it needs."""
    reps = list(
        visible_employees(request.user, area=Area.SALES)
        .filter(role=Role.REP)
        .order_by("employee_no")
        .values_list("pk", "employee_no", "name")
    )
    teams = list(visible_teams(request.user, area=Area.SALES).order_by("code"))
    form = form_class(
        request.GET,
        reps=[(no, f"{name} ({no})") for _pk, no, name in reps],
        teams=[(t.code, f"{t.code} {t.name}") for t in teams],
    )
    scope: dict[str, Any] = {}
    if form.is_valid():
        rep_pk = {no: pk for pk, no, _name in reps}.get(form.cleaned_data["rep"])
        team = next((t for t in teams if t.code == form.cleaned_data["team"]), None)
        scope = {
            "employee": Employee(pk=rep_pk) if rep_pk else None,
            "team_ids": team_subtree_ids(team.pk) if team else None,
        }
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("download", None)
    context = {
        "form": form,
        "teams": teams,
        "many_reps": len(reps) > 1,
        "query": keep.urlencode(),
    }
    return form, scope, context


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


# -- leads ------------------------------------------------------------------


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    form, scope, context = _filtered(request, LeadFilterForm)
    context.update(
        nav="pipeline", may_create=queries.may_create_leads(request.user), page=None
    )
    if not form.is_valid():
        return render(request, "crm/pipeline/lead_list.html", context, status=400)
    leads = queries.lead_list(
        request.user,
        status=form.cleaned_data["status"],
        source=form.cleaned_data["source"],
        **scope,
    )
    fmt = requested_format(request)
    if fmt is not None:
        return table_download(
            filename="leads",
            fmt=fmt,
            headers=[
                _("Lead number"),
                _("Company"),
                _("Rep"),
                _("Source"),
                _("Status"),
                _("Created on"),
                _("Customer"),
            ],
            rows=_lead_rows(leads),
        )
    context["page"] = Paginator(leads, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "crm/pipeline/lead_list.html", context)


def _lead_rows(leads) -> Iterator[list[Any]]:
    for lead in leads.iterator(chunk_size=2000):
        yield [
            lead.lead_no,
            lead.name,
            lead.employee.name,
            lead.get_source_display(),
            lead.get_status_display(),
            lead.created_on,
            lead.customer.code if lead.customer else "",
        ]


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    if not queries.may_create_leads(request.user):
        raise Http404
    form = LeadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lead = services.lead_create(
                user=request.user,
                name=data["name"],
                source=data["source"],
                contact=data["contact"],
                phone=data["phone"],
                token=data["token"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("crm:lead_detail", lead_no=lead.lead_no)
    context = {"nav": "pipeline", "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "crm/pipeline/lead_form.html", context, status=status)


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_no: str) -> HttpResponse:
    lead = get_object_or_404(
        queries.visible_leads(request.user).select_related(
            "employee__team", "customer"
        ),
        lead_no=lead_no,
    )
    context = {
        "nav": "pipeline",
        "lead": lead,
        "may_convert": lead.status == "open"
        and queries.writable_leads(request.user).filter(pk=lead.pk).exists(),
    }
    return render(request, "crm/pipeline/lead_detail.html", context)


@login_required
@require_http_methods(["POST"])
def lead_convert(request: HttpRequest, lead_no: str) -> HttpResponse:
    """Convert a lead into a customer and go to the customer's page."""
    lead = get_object_or_404(queries.writable_leads(request.user), lead_no=lead_no)
    try:
        customer = services.lead_convert(user=request.user, lead=lead)
    except services.NotAllowed:
        raise Http404 from None
    except ValidationError as error:
        context = {"nav": "pipeline", "lead": lead, "errors": error.messages}
        return render(request, "crm/pipeline/lead_detail.html", context, status=400)
    return redirect("crm:customer_detail", code=customer.code)


# -- opportunities ----------------------------------------------------------


@login_required
@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    form, scope, context = _filtered(request, OpportunityFilterForm)
    context.update(nav="pipeline", page=None)
    if not form.is_valid():
        return render(
            request, "crm/pipeline/opportunity_list.html", context, status=400
        )
    found = queries.opportunity_list(
        request.user, stage=form.cleaned_data["stage"], **scope
    )
    fmt = requested_format(request)
    if fmt is not None:
        return table_download(
            filename="opportunities",
            fmt=fmt,
            headers=[
                _("Opportunity number"),
                _("Title"),
                _("Customer"),
                _("Rep"),
                _("Stage"),
                _("Amount"),
                _("Probability (%)"),
                _("Expected close date"),
            ],
            rows=_opportunity_rows(found),
        )
    context["page"] = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "crm/pipeline/opportunity_list.html", context)


def _opportunity_rows(found) -> Iterator[list[Any]]:
    for o in found.iterator(chunk_size=2000):
        yield [
            o.opportunity_no,
            o.name,
            o.customer.name,
            o.employee.name,
            o.get_stage_display(),
            o.amount,
            o.probability,
            o.expected_close_on,
        ]


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest, code: str) -> HttpResponse:
    customer = get_object_or_404(
        writable_customers(request.user).select_related("owner"), code=code
    )
    form = OpportunityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = services.opportunity_create(
                user=request.user,
                customer=customer,
                name=data["name"],
                amount=data["amount"],
                expected_close_on=data["expected_close_on"],
                stage=data["stage"],
                probability=data["probability"],
                token=data["token"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(
                "crm:opportunity_detail", opportunity_no=opportunity.opportunity_no
            )
    context = {"nav": "pipeline", "form": form, "customer": customer}
    status = 400 if form.is_bound else 200
    return render(request, "crm/pipeline/opportunity_form.html", context, status=status)


def _opportunity_context(request: HttpRequest, opportunity, **extra: Any) -> dict:
    writable = (
        queries.writable_opportunities(request.user).filter(pk=opportunity.pk).exists()
    )
    return {
        "nav": "pipeline",
        "opportunity": opportunity,
        "history": opportunity.stage_changes.select_related("changed_by__employee"),
        "may_move": writable and not opportunity.is_closed,
        "may_reopen": writable
        and opportunity.is_closed
        and queries.may_reopen(request.user),
        "move_form": MoveForm(initial={"stage": opportunity.stage}),
        "reopen_form": ReopenForm(),
        **extra,
    }


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, opportunity_no: str) -> HttpResponse:
    opportunity = get_object_or_404(
        queries.visible_opportunities(request.user).select_related(
            "customer", "employee__team"
        ),
        opportunity_no=opportunity_no,
    )
    context = _opportunity_context(request, opportunity)
    return render(request, "crm/pipeline/opportunity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_move(request: HttpRequest, opportunity_no: str) -> HttpResponse:
    """Move an opportunity to a stage: the board's cards post here, with or
    without the board's script.  A move to lost without its reason shows
    this form, to be completed."""
    opportunity = get_object_or_404(
        queries.writable_opportunities(request.user).select_related(
            "customer", "employee__team"
        ),
        opportunity_no=opportunity_no,
    )
    source = request.POST if request.method == "POST" else None
    form = MoveForm(source, initial={"stage": request.GET.get("stage")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_move(
                user=request.user,
                opportunity=opportunity,
                stage=data["stage"],
                probability=data["probability"],
                lost_reason=data["lost_reason"],
                competitor=data["competitor"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            back = request.POST.get("next", "")
            if back.startswith("/") and not back.startswith("//"):
                return redirect(back)
            return redirect("crm:opportunity_detail", opportunity_no=opportunity_no)
    context = {
        "nav": "pipeline",
        "opportunity": opportunity,
        "form": form,
        "lost": Stage.LOST,
    }
    status = 400 if form.is_bound else 200
    return render(request, "crm/pipeline/opportunity_move.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def opportunity_reopen(request: HttpRequest, opportunity_no: str) -> HttpResponse:
    if not queries.may_reopen(request.user):
        raise Http404
    opportunity = get_object_or_404(
        queries.writable_opportunities(request.user).select_related(
            "customer", "employee__team"
        ),
        opportunity_no=opportunity_no,
    )
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.opportunity_reopen(
                user=request.user,
                opportunity=opportunity,
                stage=form.cleaned_data["stage"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("crm:opportunity_detail", opportunity_no=opportunity_no)
    context = _opportunity_context(request, opportunity, reopen_form=form)
    return render(request, "crm/pipeline/opportunity_detail.html", context, status=400)


# -- the board and the funnel -------------------------------------------------


@login_required
@require_GET
def pipeline_board(request: HttpRequest) -> HttpResponse:
    """The pipeline board of a rep, a team or everyone the user sees."""
    form, scope, context = _filtered(request, PipelineFilterForm)
    context.update(nav="pipeline", columns=[], may_write=may_write(request.user))
    if not form.is_valid():
        return render(request, "crm/pipeline/board.html", context, status=400)
    context.update(
        columns=queries.board(request.user, **scope),
        stages=Stage.choices,
        closed_days=queries.BOARD_CLOSED_DAYS,
        here=request.get_full_path(),
    )
    return render(request, "crm/pipeline/board.html", context)


@login_required
@require_GET
def pipeline_funnel(request: HttpRequest) -> HttpResponse:
    """The funnel of the opportunities opened in a period, with the
    conversion rate from each stage to the next."""
    form, scope, context = _filtered(request, FunnelFilterForm)
    context.update(nav="pipeline", funnel=None)
    if not form.is_valid():
        return render(request, "crm/pipeline/funnel.html", context, status=400)
    data = form.cleaned_data
    found = queries.funnel(request.user, start=data["start"], end=data["end"], **scope)
    chart = {
        "kind": "funnel",
        "title": _("Opportunities by stage reached"),
        "seriesName": _("Opportunities"),
        "labels": [step.label for step in found.steps],
        "values": [step.reached for step in found.steps],
    }
    context.update(funnel=found, chart=chart, start=data["start"], end=data["end"])
    return render(request, "crm/pipeline/funnel.html", context)
