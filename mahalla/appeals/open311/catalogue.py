"""The Open311 service list: one service per category code, with its definition.

Service codes are the category codes shared with appeals and triage
(`mahalla.core.categories.Category`); what a client reads is translated into the active
language.
"""

from django.utils.translation import gettext_lazy as _

from mahalla.appeals.open311.attributes import LISTS, Attribute, attributes_of
from mahalla.core.categories import Category

UTILITIES = _("Utilities")
STREETS = _("Streets and public places")
HOUSING = _("Housing and land")
SOCIAL = _("Social services")
ORDER = _("Public order and administration")

# code: (description, keywords, group)
SERVICES = {
    Category.ROADS: (_("Potholes, broken road surface, kerbs, pavements and manhole covers."),
                     _("road, pothole, asphalt, pavement, manhole"), STREETS),
    Category.WATER: (_("No water, low pressure, leaks and poor quality of drinking water."),
                     _("water, pipe, leak, pressure, tap"), UTILITIES),
    Category.SEWERAGE: (_("Blocked sewers, sewage on the street, open manholes, bad smell."),
                        _("sewer, sewage, drain, manhole"), UTILITIES),
    Category.ELECTRICITY: (_("Power cuts, low voltage, damaged lines and transformers."),
                           _("electricity, power cut, voltage, wires"), UTILITIES),
    Category.GAS: (_("Gas supply and pressure. If you smell gas, call 104 at once."),
                   _("gas, pressure, pipe"), UTILITIES),
    Category.HEATING: (_("Central heating and hot water in apartment buildings."),
                       _("heating, radiator, hot water"), UTILITIES),
    Category.WASTE: (_("Overflowing or damaged bins, missed collection, burning or "
                        "dumped waste."),
                     _("waste, rubbish, garbage, bin, dump"), STREETS),
    Category.LIGHTING: (_("Street lights that are off, flickering, lit by day or damaged."),
                        _("street light, lamp, pole, dark street"), STREETS),
    Category.LANDSCAPING: (_("Trees, parks, playgrounds, irrigation ditches and greenery."),
                           _("tree, park, playground, greenery, ariq"), STREETS),
    Category.TRANSPORT: (_("Bus and minibus routes, stops and timetables."),
                         _("bus, stop, route, transport"), STREETS),
    Category.TELECOM: (_("Telephone lines, internet and mobile coverage."),
                       _("internet, telephone, mobile network"), UTILITIES),
    Category.HOUSING: (_("Apartment buildings: roofs, entrances, lifts, basements."),
                       _("building, roof, entrance, lift, repair"), HOUSING),
    Category.LAND: (_("Land plots, boundaries and unauthorized construction."),
                    _("land, plot, construction, boundary"), HOUSING),
    Category.SOCIAL_SUPPORT: (_("Help for families in need, pensions and benefits."),
                              _("benefit, pension, support, family"), SOCIAL),
    Category.EMPLOYMENT: (_("Jobs, training and support for the unemployed."),
                          _("job, work, training, unemployment"), SOCIAL),
    Category.HEALTHCARE: (_("Clinics, family doctors and pharmacies."),
                          _("clinic, doctor, pharmacy, health"), SOCIAL),
    Category.EDUCATION: (_("Kindergartens, schools and colleges."),
                         _("school, kindergarten, college, teacher"), SOCIAL),
    Category.PUBLIC_ORDER: (_("Noise, disturbances and safety in public places."),
                            _("noise, safety, disturbance"), ORDER),
    Category.DOCUMENTS: (_("Certificates and documents issued by the mahalla and the "
                            "district."),
                         _("certificate, document, reference"), ORDER),
    Category.CORRUPTION: (_("Bribes and abuse of office by public servants."),
                          _("bribe, corruption, abuse"), ORDER),
    Category.OTHER: (_("Anything else the mahalla or the district should know about."),
                     _("other, problem"), ORDER),
}


def exists(service_code: str) -> bool:
    return service_code in Category.values


def service_name(service_code: str) -> str:
    return str(Category(service_code).label) if exists(service_code) else service_code


def service_list() -> list[dict]:
    """GET services: the fields in the spec's order, in the active language."""
    services = []
    for category in Category:
        description, keywords, group = SERVICES[category]
        services.append({
            "service_code": category.value,
            "service_name": str(category.label),
            "description": str(description),
            "metadata": bool(attributes_of(category.value)),
            "type": "realtime",
            "keywords": str(keywords),
            "group": str(group),
        })
    return services


def _attribute(attribute: Attribute, order: int) -> dict:
    return {
        "variable": True,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": str(attribute.datatype_description) or None,
        "order": order,
        "description": str(attribute.description),
        "values": [{"key": c.key, "name": str(c.name)} for c in attribute.values]
        if attribute.datatype in LISTS else [],
    }


def definition(service_code: str) -> dict:
    """GET services/{code}: the questions of a service (none for a service without metadata)."""
    return {
        "service_code": service_code,
        "attributes": [_attribute(a, order)
                       for order, a in enumerate(attributes_of(service_code), start=1)],
    }
