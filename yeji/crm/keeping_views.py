"""The pages of customer keeping: follow-ups due, the pool, handing over a
leaver's customers, overdue requests, request and complaint handling,
survey links (and the customer's page that answers one, without an
account), churn warnings and the company's keeping settings.

As the other customer pages, each reads through a query scoped by
``org.queries`` and writes through a service; a record outside the user's
sight answers 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yeji.crm import churn, followups, pool, queries, rules, satisfaction, service
from yeji.crm.keeping import keeping_scope
from yeji.crm.keeping_forms import (
    ChurnFilterForm,
    ComplaintHandleForm,
    FollowUpFilterForm,
    HandoverForm,
    KeepingSettingsForm,
    RequestEditForm,
    SurveyAnswerForm,
)
from yeji.crm.models import Complaint, Customer
from yeji.crm.views import _add_errors
from yeji.org.models import Employee, Role
from yeji.org.queries import (
    Area,
    user_employee,
    visible_employees,
)

PER_PAGE = 50


def _query_without_page(request: HttpRequest) -> str:
    keep = request.GET.copy()
    keep.pop("page", None)
    return keep.urlencode()


@login_required
@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The follow-ups due in the coming week and those overdue, of the
    customers the user sees, the earliest due first."""
    scope = keeping_scope(
        request.user, team=request.GET.get("team"), owner=request.GET.get("owner")
    )
    form = FollowUpFilterForm(
        request.GET,
        owners=scope.owners,
        teams=[(t.code, f"{t.code} {t.name}") for t in scope.teams],
    )
    context: dict[str, Any] = {
        "nav": "customers",
        "form": form,
        "rows": [],
        "teams": scope.teams,
        "too_wide": scope.too_wide,
        "scope_reps": scope.limit,
    }
    if not form.is_valid():
        return render(request, "crm/follow_ups.html", context, status=400)
    if scope.too_wide:
        return render(request, "crm/follow_ups.html", context)
    today = timezone.localdate()
    due = followups.follow_ups_due(
        scope.customers, today=today, only_overdue=form.cleaned_data["overdue"]
    )
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("page"))
    settings = rules.keeping_settings()
    context.update(
        page=page,
        rows=[
            followups.follow_up_of(c, today=today, rules=settings)
            for c in page.object_list
        ],
        query=_query_without_page(request),
        ahead=followups.DUE_SOON_DAYS,
    )
    return render(request, "crm/follow_ups.html", context)


@login_required
@require_GET
def pool_list(request: HttpRequest) -> HttpResponse:
    """The customers in the pool the user sees; a rep may claim those of
    their team."""
    customers = pool.pool_customers(request.user).order_by("pooled_at", "code")
    page = Paginator(customers, PER_PAGE).get_page(request.GET.get("page"))
    employee = user_employee(request.user)
    context = {
        "nav": "customers",
        "page": page,
        "may_claim": employee is not None and employee.role == Role.REP,
        "held": pool.held_count(employee) if employee else 0,
        "limit": rules.keeping_settings().pool_claim_limit,
    }
    return render(request, "crm/pool.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pool_claim(request: HttpRequest, code: str) -> HttpResponse:
    """Claim a customer of the pool (POST; a GET goes to the pool); a
    customer someone keeps is named on its page rather than claimed."""
    customer = None
    if queries.may_write(request.user):
        customer = (
            pool.pool_customers(request.user).filter(code=code).first()
            or queries.writable_customers(request.user).filter(code=code).first()
        )
    if customer is None:
        raise Http404
    if request.method != "POST":
        return redirect("crm:pool")
    try:
        pool.pool_claim(user=request.user, customer=customer)
    except pool.NotAllowed:
        # Seen, but not theirs to take: only a rep of its team claims it.
        messages.error(request, _("Only a rep of the customer's team may claim it."))
        return redirect("crm:pool")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("crm:pool")
    messages.success(request, _("%(name)s is now yours.") % {"name": customer.name})
    return redirect("crm:customer_detail", code=customer.code)


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, employee_no: str) -> HttpResponse:
    """Hand a leaving rep's customers over, to one rep or spread over the
    team, in one action."""
    if not pool.may_hand_over(request.user):
        raise Http404
    leaver = get_object_or_404(
        visible_employees(request.user, area=Area.SALES).select_related("team"),
        employee_no=employee_no,
    )
    candidates = list(pool.handover_candidates(request.user, leaver))
    reps = [(e.employee_no, f"{e.name} ({e.employee_no})") for e in candidates]
    form = HandoverForm(request.POST if request.method == "POST" else None, reps=reps)
    if request.method == "POST" and form.is_valid():
        to_no = form.cleaned_data["to"]
        to = next((e for e in candidates if e.employee_no == to_no), None)
        try:
            moves = pool.customers_hand_over(
                user=request.user, leaver=leaver, to=to, note=form.cleaned_data["note"]
            )
        except pool.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d customers handed over.") % {"count": len(moves)},
            )
            return redirect(reverse("crm:customer_list") + f"?owner={to_no}")
    context = {
        "nav": "customers",
        "leaver": leaver,
        "form": form,
        "count": Customer.objects.filter(owner=leaver).count(),
    }
    return render(
        request, "crm/handover.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_GET
def requests_overdue(request: HttpRequest) -> HttpResponse:
    """The requests the user sees that wait past their response target."""
    now = timezone.now()
    found = service.overdue_requests_of(request.user, now=now)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    settings = rules.keeping_settings()
    rows = [
        (r, service.response_due_at(r, settings), queries.response_hours(r, now=now))
        for r in page.object_list
    ]
    context = {"nav": "customers", "page": page, "rows": rows}
    return render(request, "crm/requests_overdue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, request_no: str) -> HttpResponse:
    """A request's type, priority, status and resolution."""
    found = get_object_or_404(
        queries.visible_requests(request.user)
        .filter(customer__in=queries.writable_customers(request.user))
        .select_related("customer", "employee", "customer__owner"),
        request_no=request_no,
    )
    initial = {
        "request_type": found.request_type,
        "priority": found.priority,
        "status": found.status,
        "resolution": found.resolution,
    }
    form = RequestEditForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.request_update(
                user=request.user, request=found, **form.cleaned_data
            )
        except service.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(
                reverse("crm:customer_detail", args=[found.customer.code])
                + f"#request-{found.request_no}"
            )
    context = {
        "nav": "customers",
        "customer": found.customer,
        "req": found,
        "form": form,
        "due_at": service.response_due_at(found),
    }
    return render(
        request, "crm/request_edit.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_handle(request: HttpRequest, complaint_no: str) -> HttpResponse:
    """Who handles a complaint, and its resolution."""
    sight = visible_employees(request.user, area=Area.SALES)
    found = get_object_or_404(
        Complaint.objects.filter(
            employee__in=sight,
            customer__in=queries.writable_customers(request.user),
        ).select_related("customer", "customer__owner", "employee", "handler"),
        complaint_no=complaint_no,
    )
    people = list(
        sight.filter(role__in=[Role.REP, Role.MANAGER, Role.DIRECTOR])
        .order_by("employee_no")
        .values_list("pk", "employee_no", "name")[:500]
    )
    handlers = [(no, f"{name} ({no})") for _pk, no, name in people]
    initial = {
        "handler": found.handler.employee_no if found.handler else "",
        "resolution": found.resolution,
        "resolved_on": found.resolved_on,
    }
    form = ComplaintHandleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        handlers=handlers,
    )
    if request.method == "POST" and form.is_valid():
        handler_pk = {no: pk for pk, no, _name in people}.get(
            form.cleaned_data["handler"]
        )
        try:
            service.complaint_resolve(
                user=request.user,
                complaint=found,
                handler=Employee(pk=handler_pk) if handler_pk else None,
                resolution=form.cleaned_data["resolution"],
                resolved_on=form.cleaned_data["resolved_on"],
            )
        except service.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(
                reverse("crm:customer_detail", args=[found.customer.code])
                + f"#complaint-{found.complaint_no}"
            )
    context = {
        "nav": "customers",
        "customer": found.customer,
        "complaint": found,
        "form": form,
    }
    return render(
        request,
        "crm/complaint_handle.html",
        context,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_link_create(request: HttpRequest, code: str) -> HttpResponse:
    """Make a survey link to send the customer (on POST) and show it."""
    customer = get_object_or_404(
        queries.writable_customers(request.user).select_related("owner"), code=code
    )
    link = None
    invitation = None
    if request.method == "POST":
        try:
            invitation = satisfaction.survey_invitation_create(
                user=request.user, customer=customer
            )
        except satisfaction.NotAllowed:
            raise Http404 from None
        link = request.build_absolute_uri(
            reverse(
                "crm:survey_answer", args=[satisfaction.survey_link_token(invitation)]
            )
        )
    context = {
        "nav": "customers",
        "customer": customer,
        "link": link,
        "invitation": invitation,
        "days": rules.keeping_settings().survey_link_days,
    }
    return render(request, "crm/survey_link.html", context)


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's survey page, opened from a link, without an account.

    It names the company's customer and nothing else of the records: the
    link is the customer's only key.
    """
    try:
        invitation = satisfaction.invitation_for_token(token)
    except satisfaction.LinkInvalid as error:
        return render(
            request, "crm/survey_answer.html", {"refused": error.message}, status=410
        )
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            satisfaction.survey_answer(token=token, **form.cleaned_data)
        except satisfaction.LinkInvalid as error:
            return render(
                request,
                "crm/survey_answer.html",
                {"refused": error.message},
                status=410,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return render(request, "crm/survey_answer.html", {"thanks": True})
    context = {"form": form, "customer_name": invitation.customer.name}
    return render(
        request,
        "crm/survey_answer.html",
        context,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def churn_list(request: HttpRequest) -> HttpResponse:
    """The customers the user sees with a sign of churn, highest risk
    first, each with its reasons; by rep or by team."""
    scope = keeping_scope(
        request.user, team=request.GET.get("team"), owner=request.GET.get("owner")
    )
    form = ChurnFilterForm(
        request.GET,
        owners=scope.owners,
        teams=[(t.code, f"{t.code} {t.name}") for t in scope.teams],
    )
    context: dict[str, Any] = {
        "nav": "customers",
        "form": form,
        "rows": [],
        "teams": scope.teams,
        "too_wide": scope.too_wide,
        "scope_reps": scope.limit,
    }
    if not form.is_valid():
        return render(request, "crm/churn.html", context, status=400)
    if scope.too_wide:
        return render(request, "crm/churn.html", context)
    today = timezone.localdate()
    sight = visible_employees(request.user, area=Area.SALES)
    customers = scope.customers
    found = churn.customers_at_risk(customers, today=today, sight=sight)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    settings = rules.keeping_settings()
    context.update(
        page=page,
        rows=[
            churn.warning_of(c, today=today, rules=settings) for c in page.object_list
        ],
        query=_query_without_page(request),
    )
    return render(request, "crm/churn.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def keeping_settings(request: HttpRequest) -> HttpResponse:
    """The company's keeping rules: shown to whoever sees the customers,
    changed by administrators and directors."""
    if user_employee(request.user) is None and not request.user.is_superuser:
        raise Http404
    may_edit = rules.may_edit_settings(request.user)
    if request.method == "POST" and not may_edit:
        raise Http404
    current = rules.keeping_settings()
    form = KeepingSettingsForm(
        request.POST if request.method == "POST" else None, instance=current
    )
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in rules.EDITABLE_FIELDS}
        try:
            rules.keeping_settings_update(user=request.user, **values)
        except rules.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The keeping rules are saved."))
            return redirect("crm:keeping_settings")
    return render(
        request,
        "crm/keeping_settings.html",
        {"nav": "customers", "form": form, "may_edit": may_edit},
        status=400 if form.is_bound and form.errors else 200,
    )
