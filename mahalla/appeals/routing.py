"""Routing: category × territory → the responsible organization (rules are data: ServiceArea).

The most specific rule wins (mahalla, then district, then region). With no rule the appeal
stays with the territory itself: the mahalla chairman's queue, or for an appeal placed only in
a district or region, that body's officials (organization empty).
"""

from mahalla.core.models import District, Mahalla, Organization, Region, ServiceArea


def route(*, category: str, place: Mahalla | District | Region) -> Organization | None:
    area = ServiceArea.objects.covering(category=category, place=place) \
        .select_related("organization").first()
    return area.organization if area else None
