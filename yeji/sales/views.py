"""The order and payment pages: lists with filters and totals, an order.

Finance reads these most; a rep sees their own orders, a manager their
teams', a director and finance everyone's, HR nobody's (``sales.queries``).
An order out of sight answers 404, exactly like one that does not exist.
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yeji.audit.views import history_section
from yeji.crm.queries import may_write
from yeji.org.models import Employee, Role
from yeji.sales import services
from yeji.sales.forms import OrderChangeForm, OrderFilterForm, PaymentFilterForm
from yeji.sales.models import Order, OrderStatus, Payment
from yeji.sales.queries import (
    order_account,
    order_visible,
    orders_filtered,
    orders_summary,
    orders_visible,
    orders_with_paid,
    payments_listed,
    payments_summary,
    sales_sight,
    to_fen,
)
from yeji.web.downloads import Format, requested_format, table_download
from yeji.web.paging import ListPaginator, within_limit

ROWS_PER_PAGE = 50


def _reps(request: HttpRequest) -> list[Employee]:
    """The reps offered in a list's rep chooser: those the user sees."""
    return list(sales_sight(request.user).filter(role=Role.REP).order_by("employee_no"))


def _list_query(request: HttpRequest) -> str:
    """The list's own query without its page or download, for links."""
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("download", None)
    return keep.urlencode()


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    """Orders the user sees, filtered, with the total of the confirmed ones."""
    form = OrderFilterForm(request.GET, employees=_reps(request))
    context: dict[str, Any] = {"form": form, "nav": "orders"}
    if not form.is_valid():
        return render(request, "sales/order_list.html", context, status=400)

    data = form.cleaned_data
    orders = orders_filtered(
        orders_visible(request.user),
        status=data["status"] or None,
        start=data["start"],
        end=data["end"],
        employee_no=data["employee"] or None,
        customer=data["customer"].strip() or None,
    )
    listed = orders_with_paid(orders).select_related("customer", "employee")
    fmt = requested_format(request)
    if fmt is not None:
        return _orders_download(listed, fmt)

    # The total, read with the count in one pass, for a list within the
    # counting limit; a longer one is narrowed to see its total.
    summary = orders_summary(orders) if within_limit(orders) else None
    page = ListPaginator(
        listed, ROWS_PER_PAGE, count=summary.count if summary else None
    ).get_page(request.GET.get("page"))
    context.update(
        page=page,
        orders=page.object_list,
        total=summary.total if summary else None,
        query=_list_query(request),
    )
    return render(request, "sales/order_list.html", context)


def _owed(order: Order) -> Decimal | None:
    if order.status != OrderStatus.CONFIRMED:
        return None
    return order.amount - to_fen(order.paid)


def _orders_download(orders: QuerySet[Order], fmt: Format) -> HttpResponseBase:
    headers = [
        _("Order number"),
        _("Ordered on"),
        _("Customer code"),
        _("Customer"),
        _("Employee no."),
        _("Rep"),
        _("Status"),
        _("Amount"),
        _("Paid"),
        _("Owed"),
    ]
    rows = (
        [
            o.order_no,
            o.ordered_on,
            o.customer.code,
            o.customer.name,
            o.employee.employee_no,
            o.employee.name,
            o.get_status_display(),
            o.amount,
            to_fen(o.paid),
            _owed(o),
        ]
        for o in orders.iterator(chunk_size=2000)
    )
    return table_download(filename=_("orders"), fmt=fmt, headers=headers, rows=rows)


@login_required
@require_GET
def order_detail(request: HttpRequest, order_no: str) -> HttpResponse:
    """One order: its customer, rep, status, amount, payments and what is
    still owed."""
    try:
        order = order_visible(request.user, order_no)
    except Order.DoesNotExist:
        raise Http404 from None
    context = {
        "order": order,
        "account": order_account(order),
        "customer_url": _customer_url(order.customer.code),
        "history": history_section(request, order),
        "may_change": may_write(request.user),
        "nav": "orders",
    }
    return render(request, "sales/order_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def order_edit(request: HttpRequest, order_no: str) -> HttpResponse:
    """Change an order's status, amount or contract number, and go back to
    the order, whose history then shows the change."""
    if not may_write(request.user):
        raise Http404
    try:
        order = order_visible(request.user, order_no)
    except Order.DoesNotExist:
        raise Http404 from None
    initial = {
        "status": order.status,
        "amount": order.amount,
        "contract_no": order.contract_no,
        "version": services.order_version(order),
    }
    form = OrderChangeForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.order_change(
                user=request.user,
                order_no=order.order_no,
                status=data["status"],
                amount=data["amount"],
                contract_no=data["contract_no"],
                version=data["version"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field, messages)
            else:
                # Stale: show the order as it is now, to be changed again.
                form = OrderChangeForm(initial)
                form.is_valid()
                form.add_error(None, error)
                return render(
                    request,
                    "sales/order_form.html",
                    {"order": order, "form": form, "nav": "orders"},
                    status=409,
                )
        else:
            return redirect("sales:order_detail", order_no=order.order_no)
    status = 400 if form.is_bound else 200
    context = {"order": order, "form": form, "nav": "orders"}
    return render(request, "sales/order_form.html", context, status=status)


def _customer_url(code: str) -> str | None:
    # The customer pages live in the crm app; without them the order page
    # names the customer without a link.
    try:
        return reverse("crm:customer_detail", args=[code])
    except NoReverseMatch:
        return None


@login_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    """Payments on the orders the user sees, filtered, with their total."""
    form = PaymentFilterForm(request.GET, employees=_reps(request))
    context: dict[str, Any] = {"form": form, "nav": "payments"}
    if not form.is_valid():
        return render(request, "sales/payment_list.html", context, status=400)

    data = form.cleaned_data
    payments = payments_listed(
        request.user,
        start=data["start"],
        end=data["end"],
        employee_no=data["employee"] or None,
    )
    listed = payments.select_related("order__customer", "order__employee")
    fmt = requested_format(request)
    if fmt is not None:
        return _payments_download(listed, fmt)

    summary = payments_summary(payments) if within_limit(payments) else None
    page = ListPaginator(
        listed, ROWS_PER_PAGE, count=summary.count if summary else None
    ).get_page(request.GET.get("page"))
    context.update(
        page=page,
        payments=page.object_list,
        total=summary.total if summary else None,
        query=_list_query(request),
    )
    return render(request, "sales/payment_list.html", context)


def _payments_download(payments: QuerySet[Payment], fmt: Format) -> HttpResponseBase:
    headers = [
        _("Payment number"),
        _("Paid on"),
        _("Order number"),
        _("Customer code"),
        _("Customer"),
        _("Employee no."),
        _("Rep"),
        _("Amount"),
    ]
    rows = (
        [
            p.payment_no,
            p.paid_on,
            p.order.order_no,
            p.order.customer.code,
            p.order.customer.name,
            p.order.employee.employee_no,
            p.order.employee.name,
            p.amount,
        ]
        for p in payments.iterator(chunk_size=2000)
    )
    return table_download(filename=_("payments"), fmt=fmt, headers=headers, rows=rows)
