"""The API's routes for teams and employees (see yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router("teams", "employees")
