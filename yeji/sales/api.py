"""The API's routes for orders and payments (see yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router("orders", "payments")
