"""Routing: category × territory → the responsible organization (rules are data: ServiceArea).

The most specific rule wins (mahalla, then district, then region). With no rule the appeal
stays with the mahalla itself: the chairman's queue (organization empty).
"""

from mahalla.core.models import Mahalla, Organization, ServiceArea


def route(*, category: str, mahalla: Mahalla) -> Organization | None:
    area = ServiceArea.objects.covering(category=category, mahalla=mahalla) \
        .select_related("organization").first()
    return area.organization if area else None
