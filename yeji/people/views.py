"""The people pages: the employees a user sees, and one employee's page.

Both read ``people.queries``, which narrows everything to the PERFORMANCE
sight of ``org.queries``: an employee outside it answers 404, exactly like
one that does not exist.
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yeji.audit.views import history_section
from yeji.org.models import Employee, Role
from yeji.org.queries import Area, visible_teams
from yeji.people.forms import PeopleFilterForm
from yeji.people.queries import (
    Employment,
    assessments_of,
    people_list,
    person_for,
    sees_salaries,
)
from yeji.web.downloads import requested_format, table_download
from yeji.web.paging import ListPaginator

PEOPLE_PER_PAGE = 50
ASSESSMENTS_PER_PAGE = 50


def _download_table(
    people: QuerySet[Employee], *, with_salary: bool
) -> tuple[list[str], Iterator[list[object]]]:
    """The download's headers and rows, read from the list's own queryset."""
    headers = [
        _("Employee no."),
        _("Name"),
        _("Team code"),
        _("Team"),
        _("Role"),
        _("Hired on"),
        _("Left on"),
    ]
    if with_salary:
        headers.append(_("Base salary"))
    roles = dict(Role.choices)

    def rows() -> Iterator[list[object]]:
        for person in people.iterator(chunk_size=2000):
            row = [
                person.employee_no,
                person.name,
                person.team.code,
                person.team.name,
                str(roles.get(person.role, person.role)),
                person.hired_on,
                person.left_on,
            ]
            if with_salary:
                row.append(person.base_salary)
            yield row

    return headers, rows()


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """The employees the user sees, filtered, paginated and downloadable."""
    teams = list(visible_teams(request.user, area=Area.PERFORMANCE))
    by_code = {t.code: t for t in teams}
    asked_team = request.GET.get("team") or ""
    if asked_team and asked_team not in by_code:
        # A team the user does not see whole is not theirs to list.
        raise Http404
    form = PeopleFilterForm(
        request.GET, teams=[(t.code, f"{t.code} {t.name}") for t in teams]
    )
    with_salary = sees_salaries(request.user)
    context: dict[str, Any] = {
        "form": form,
        "teams_offered": bool(teams),
        "with_salary": with_salary,
        "nav": "people",
    }
    if not form.is_valid():
        return render(request, "people/list.html", context, status=400)

    data = form.cleaned_data
    employment = data["employment"]
    found = people_list(
        request.user,
        team=by_code.get(data["team"]) if data["team"] else None,
        role=data["role"] or None,
        employment=Employment(employment) if employment else None,
    )
    fmt = requested_format(request)
    if fmt is not None:
        headers, rows = _download_table(found, with_salary=with_salary)
        return table_download(filename="people", fmt=fmt, headers=headers, rows=rows)

    page = ListPaginator(found, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("download", None)
    context.update(
        page=page,
        people=page.object_list,
        query=keep.urlencode(),
    )
    return render(request, "people/list.html", context)


@login_required
@require_GET
def person(request: HttpRequest, employee_no: str) -> HttpResponse:
    """An employee's page: who they are, their assessments, their scorecard."""
    employee: Employee | None = person_for(request.user, employee_no)
    if employee is None:
        raise Http404
    page = Paginator(assessments_of(employee), ASSESSMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    with_salary = sees_salaries(request.user)
    context = {
        "employee": employee,
        "is_rep": employee.role == Role.REP,
        "with_salary": with_salary,
        "history": history_section(
            request, employee, hidden=() if with_salary else ("base_salary",)
        ),
        "page": page,
        "assessments": page.object_list,
        "nav": "people",
    }
    return render(request, "people/person.html", context)
