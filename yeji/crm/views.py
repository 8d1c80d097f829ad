"""The customer pages: the list, a customer's page and the daily work forms.

Every page reads through ``crm.queries`` and writes through
``crm.services``; a customer outside the user's sight answers 404, like one
that does not exist, and so does a form of a customer the user may not
write (finance, HR, a log-in without an employee).
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from yeji.audit.views import history_section
from yeji.crm import keeping, queries, services
from yeji.crm.forms import (
    ComplaintForm,
    CustomerFilterForm,
    RequestAnswerForm,
    RequestForm,
    SurveyForm,
    VisitForm,
)
from yeji.crm.models import Customer, CustomerLevel, Priority, RequestType
from yeji.org.models import Employee, Role
from yeji.org.queries import Area, team_subtree_ids, visible_employees, visible_teams
from yeji.web.downloads import requested_format, table_download
from yeji.web.paging import ListPaginator

CUSTOMERS_PER_PAGE = 50


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    """The customers the user sees, searched, filtered, sorted and paged;
    ``?download=csv|xlsx`` gives the same rows, all of them, as a file."""
    owners = list(
        visible_employees(request.user, area=Area.SALES)
        .filter(role=Role.REP)
        .order_by("employee_no")
        .values_list("pk", "employee_no", "name")
    )
    teams = list(visible_teams(request.user, area=Area.SALES).order_by("code"))
    form = CustomerFilterForm(
        request.GET,
        owners=[(no, f"{name} ({no})") for _pk, no, name in owners],
        teams=[(t.code, f"{t.code} {t.name}") for t in teams],
    )
    context: dict[str, Any] = {"form": form, "nav": "customers", "teams": teams}
    if not form.is_valid():
        context.update(page=None, rows=[])
        return render(request, "crm/customer_list.html", context, status=400)

    data = form.cleaned_data
    owner_pk = {no: pk for pk, no, _name in owners}.get(data["owner"])
    team = next((t for t in teams if t.code == data["team"]), None)
    customers = queries.customer_list(
        request.user,
        search=data["q"],
        owner=Employee(pk=owner_pk) if owner_pk else None,
        team_ids=team_subtree_ids(team.pk) if team else None,
        level=data["level"],
        industry=data["industry"].strip(),
        order=queries.CustomerOrder(data["sort"] or queries.CustomerOrder.CODE),
    )

    fmt = requested_format(request)
    if fmt is not None:
        return table_download(
            filename="customers",
            fmt=fmt,
            headers=_download_headers(),
            rows=_download_rows(
                queries.with_last_contact(customers, user=request.user)
            ),
        )

    page = ListPaginator(customers, CUSTOMERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("download", None)
    rows = queries.customer_rows(list(page.object_list), user=request.user)
    context.update(page=page, rows=rows, query=keep.urlencode())
    return render(request, "crm/customer_list.html", context)


def _download_headers() -> list[str]:
    return [
        _("Code"),
        pgettext("a customer's name", "Name"),
        _("Owner's employee no."),
        _("Owner"),
        _("Owner's team"),
        _("Level"),
        _("Industry"),
        _("Region"),
        _("Acquired on"),
        _("Last contact"),
        _("Next follow-up"),
    ]


def _download_rows(customers) -> Iterator[list[Any]]:
    levels = dict(CustomerLevel.choices)
    for c in customers.iterator(chunk_size=2000):
        yield [
            c.code,
            c.name,
            c.owner.employee_no,
            c.owner.name,
            c.owner.team.code,
            str(levels.get(c.level, "")),
            c.industry,
            c.region,
            c.acquired_on,
            c.last_contact_on,
            c.next_follow_up_on,
        ]


def _visible_customer(request: HttpRequest, code: str) -> Customer:
    return get_object_or_404(
        queries.visible_customers(request.user).select_related("owner__team"),
        code=code,
    )


def _writable_customer(request: HttpRequest, code: str) -> Customer:
    return get_object_or_404(
        queries.writable_customers(request.user).select_related("owner__team"),
        code=code,
    )


@login_required
@require_GET
def customer_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A customer's facts, figures and history, newest first."""
    customer = _visible_customer(request, code)
    try:
        page_number = int(request.GET.get("page") or 1)
    except ValueError:
        page_number = 1
    timeline = queries.customer_timeline(customer, user=request.user, page=page_number)
    today = timezone.localdate()
    context = {
        "nav": "customers",
        "customer": customer,
        "figures": queries.customer_figures(customer, user=request.user),
        "timeline": timeline,
        "may_write": queries.may_write(request.user),
        "year": today.year,
        **keeping.customer_keeping(request.user, customer, today=today),
        "history": history_section(request, customer),
    }
    return render(request, "crm/customer_detail.html", context)


def _daily_form(
    request: HttpRequest,
    code: str,
    *,
    form_class: type[Form],
    template: str,
    save: Callable[[Customer, dict[str, Any]], Model],
) -> HttpResponse:
    """Show a daily work form of a customer, or save it and go back to the
    customer's page, with the service's objections next to their fields."""
    customer = _writable_customer(request, code)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(customer, form.cleaned_data)
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("crm:customer_detail", code=customer.code)
    status = 400 if form.is_bound else 200
    context = {"nav": "customers", "customer": customer, "form": form}
    return render(request, template, context, status=status)


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, code: str) -> HttpResponse:
    def save(customer: Customer, data: dict[str, Any]) -> Model:
        return services.visit_log(
            user=request.user,
            customer=customer,
            channel=data["channel"],
            visited_at=data["visited_at"],
            summary=data["summary"],
            next_follow_up_on=data["next_follow_up_on"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            accuracy=data["accuracy"],
            location_consent=data["location_consent"],
            location_source=data["location_source"],
            token=data["token"],
        )

    return _daily_form(
        request, code, form_class=VisitForm, template="crm/visit_form.html", save=save
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, code: str) -> HttpResponse:
    def save(customer: Customer, data: dict[str, Any]) -> Model:
        return services.request_open(
            user=request.user,
            customer=customer,
            subject=data["subject"],
            opened_at=data["opened_at"],
            request_type=data["request_type"] or RequestType.QUESTION,
            priority=data["priority"] or Priority.NORMAL,
            token=data["token"],
        )

    return _daily_form(
        request,
        code,
        form_class=RequestForm,
        template="crm/request_form.html",
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, code: str) -> HttpResponse:
    def save(customer: Customer, data: dict[str, Any]) -> Model:
        return services.survey_record(
            user=request.user,
            customer=customer,
            answered_on=data["answered_on"],
            satisfaction=data["satisfaction"],
            recommend=data["recommend"],
            comment=data["comment"],
            token=data["token"],
        )

    return _daily_form(
        request, code, form_class=SurveyForm, template="crm/survey_form.html", save=save
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest, code: str) -> HttpResponse:
    def save(customer: Customer, data: dict[str, Any]) -> Model:
        return services.complaint_record(
            user=request.user,
            customer=customer,
            category=data["category"],
            severity=data["severity"],
            filed_on=data["filed_on"],
            resolved_on=data["resolved_on"],
            token=data["token"],
        )

    return _daily_form(
        request,
        code,
        form_class=ComplaintForm,
        template="crm/complaint_form.html",
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, request_no: str) -> HttpResponse:
    """Record a request's first response: "answered now", or at a time."""
    found = get_object_or_404(
        queries.visible_requests(request.user)
        .filter(customer__in=queries.writable_customers(request.user))
        .select_related("customer", "employee"),
        request_no=request_no,
    )
    form = RequestAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_answer(
                user=request.user,
                request=found,
                answered_at=form.cleaned_data["answered_at"],
            )
        except services.NotAllowed:
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
        "hours": queries.response_hours(found),
    }
    return render(
        request,
        "crm/request_answer.html",
        context,
        status=400 if form.is_bound else 200,
    )
