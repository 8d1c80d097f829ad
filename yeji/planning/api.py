"""The API's routes for tasks and targets (see yeji.api.routers), and for
plans, meetings and work reports (``work_api``)."""

from yeji.api.routers import kind_router
from yeji.planning.work_api import add_work_routes

router = kind_router("tasks", "targets")
add_work_routes(router)
