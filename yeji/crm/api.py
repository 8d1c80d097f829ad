"""The API's routes for customers and their daily work (see yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router("customers", "visits", "requests", "surveys", "complaints")
