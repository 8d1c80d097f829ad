"""Who may import from the browser: administrators only.

An import can rewrite any record of the company, so the page is for an
employee with the administrator role (who has not left) and for a Django
superuser; everyone else is told the page does not exist.
"""

from yeji.org.models import Role
from yeji.org.queries import User, user_employee


def may_import(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role == Role.ADMIN
