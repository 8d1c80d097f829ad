"""Pages that break the rule of sight, for the tests of the route walker
itself: the walker must fail each of them (see test_routes.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from yeji.crm.models import Customer
from yeji.org.queries import Area, visible_employees
from yeji.planning.models import Task


@login_required
def customer_for_anyone(request: HttpRequest, code: str) -> HttpResponse:
    customer = get_object_or_404(Customer, code=code)
    return HttpResponse(customer.name)


@login_required
def customer_in_sight(request: HttpRequest, code: str) -> HttpResponse:
    sight = visible_employees(request.user, area=Area.SALES)
    customer = get_object_or_404(Customer, code=code, owner__in=sight)
    return HttpResponse(customer.name)


@login_required
def every_customer(request: HttpRequest) -> HttpResponse:
    return HttpResponse(" ".join(Customer.objects.values_list("code", flat=True)))


@login_required
def task_written_then_refused(request: HttpRequest, code: str) -> HttpResponse:
    customer = get_object_or_404(Customer, code=code)
    Task.objects.create(
        task_no=f"LEAK-{code}", employee=customer.owner, title="x", due_on="2026-01-01"
    )
    raise Http404


urlpatterns = [
    path("a/<str:code>/", customer_for_anyone, name="customer_for_anyone"),
    path("b/<str:code>/", customer_in_sight, name="customer_in_sight"),
    path("c/", every_customer, name="every_customer"),
    path("d/<str:code>/", task_written_then_refused, name="task_written_then_refused"),
    # The project's own pages, which the 404 page's layout links to.
    path("", include("yeji.urls")),
]
