"""The API's routes for assessments (see yeji.api.routers)."""

from yeji.api.routers import kind_router

router = kind_router("assessments")
