"""The API's routes for tasks and targets (see yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router("tasks", "targets")
