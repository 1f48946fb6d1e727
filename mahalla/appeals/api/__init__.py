"""Appeals in /api/v1: submit, track, work and rate (`routes`), shown through `output`."""

from mahalla.appeals.api.routes import public_router, router

__all__ = ["public_router", "router"]
