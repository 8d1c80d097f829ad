"""The API's routes for customers, their daily work and the pipeline (see
yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router(
    "customers",
    "visits",
    "requests",
    "surveys",
    "complaints",
    "leads",
    "opportunities",
)
