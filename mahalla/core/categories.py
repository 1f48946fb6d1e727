"""Category codes shared by appeals, triage, Open311 service_code and statistics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    ROADS = "roads", _("Roads")
    WATER = "water", _("Water supply")
    SEWERAGE = "sewerage", _("Sewerage")
    ELECTRICITY = "electricity", _("Electricity")
    GAS = "gas", _("Gas")
    HEATING = "heating", _("Heating")
    WASTE = "waste", _("Waste collection")
    LIGHTING = "lighting", _("Street lighting")
    LANDSCAPING = "landscaping", _("Landscaping and greenery")
    TRANSPORT = "transport", _("Public transport")
    TELECOM = "telecom", _("Telecommunications and internet")
    HOUSING = "housing", _("Housing and utilities")
    LAND = "land", _("Land")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    EMPLOYMENT = "employment", _("Employment")
    HEALTHCARE = "healthcare", _("Healthcare")
    EDUCATION = "education", _("Education")
    PUBLIC_ORDER = "public_order", _("Public order")
    DOCUMENTS = "documents", _("Documents and certificates")
    CORRUPTION = "corruption", _("Corruption")
    OTHER = "other", _("Other")
