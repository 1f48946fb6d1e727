"""The shipped catalogue (a data migration) and the rules an administrator's edit must keep."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mahalla.core.models import Role
from mahalla.documents.certificates import BUILDERS
from mahalla.documents.models import EService
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHIPPED = {"residence_certificate": "residence_certificate",
           "character_reference": "character_reference",
           "family_composition": "family_composition",
           "material_aid": "", "hall_booking": "", "household_change": ""}


def uzbek_texts(value) -> list[str]:
    """Every Uzbek (Latin) text inside a form or attachments definition."""
    if isinstance(value, dict):
        found = [value["uz"]] if isinstance(value.get("uz"), str) else []
        return found + [t for key, v in value.items() if key != "uz" for t in uzbek_texts(v)]
    if isinstance(value, list):
        return [t for item in value for t in uzbek_texts(item)]
    return []


def test_the_six_services_exist_after_migrate():
    services = {s.code: s for s in EService.objects.all()}
    assert set(SHIPPED) <= set(services)
    for code, document in SHIPPED.items():
        service = services[code]
        assert service.issues_document == document
        assert service.decided_by == Role.MAHALLA_CHAIRMAN
        assert service.is_active and 1 <= service.deadline_days <= 60
        service.full_clean()  # the shipped forms pass the checks admins' edits go through


def test_names_labels_and_descriptions_are_in_four_languages():
    for service in EService.objects.all():
        for text in (service.name_uz, service.name_uz_cyrl, service.name_ru, service.name_en,
                     service.description_uz, service.description_uz_cyrl,
                     service.description_ru, service.description_en):
            assert text.strip()
        for spec in service.form + service.attachments:
            assert set(spec["label"]) == {"uz", "uz-cyrl", "ru", "en"}
            for choice in spec.get("choices", []):
                assert set(choice["label"]) == {"uz", "uz-cyrl", "ru", "en"}
        # Uzbek Latin is written with U+02BB / U+02BC, never with typewriter apostrophes.
        uzbek = " ".join([service.name_uz, service.description_uz,
                          *uzbek_texts(service.form), *uzbek_texts(service.attachments)])
        assert not set("'`‘’") & set(uzbek), service.code
    assert "ʻ" in EService.objects.get(code="residence_certificate").name_uz
    assert "ʼ" in EService.objects.get(code="residence_certificate").name_uz


def test_the_material_aid_form_asks_what_the_task_says():
    aid = EService.objects.get(code="material_aid")
    names = {spec["name"]: spec for spec in aid.form}
    assert {"reason", "household_size", "monthly_income", "card_last4"} <= set(names)
    assert names["card_last4"]["required"] is False
    assert names["card_last4"]["validator"] == "card_last4"


def test_the_household_change_needs_a_scan_and_the_hall_reserves_its_date():
    change = EService.objects.get(code="household_change")
    assert change.attachments[0]["required"] is True
    assert EService.objects.get(code="hall_booking").reserves_date_field == "event_date"


def test_every_document_kind_has_its_wording():
    assert set(BUILDERS) == {"residence_certificate", "character_reference",
                             "family_composition"}


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"reserves_date_field": "full_name"}, "reserves_date_field", "Name a date field"),
    ({"issues_document": "driving_licence"}, "issues_document", "Unknown document kind"),
    ({"code": "staff"}, "code", "reserved"),
    ({"code": "Bad Code"}, "code", "Lower-case"),
    ({"deadline_days": 0}, "deadline_days", "greater than or equal to 1"),
    ({"decided_by": "resident"}, "decided_by", "not a valid choice"),
    ({"form": [{"name": "x", "type": "eval", "label": {"uz": "x"}}]}, "form",
     "the type “eval” is unknown"),
])
def test_an_edit_that_breaks_a_rule_is_refused_on_its_field(changes, field, message):
    service = EService.objects.get(code="hall_booking")
    for name, value in changes.items():
        setattr(service, name, value)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_document_needs_the_fields_its_wording_reads():
    service = EService.objects.get(code="hall_booking")
    service.issues_document = "residence_certificate"
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "needs the fields: address, birth_date" in error.value.message_dict["form"][0]


def test_the_admin_shows_a_broken_form_definition_as_an_error(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    service = EService.objects.get(code="hall_booking")
    url = reverse("admin:documents_eservice_change", args=[service.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update({"form": json.dumps([{"name": "x", "type": "text"}]),
                 "attachments": "[]", "is_active": "on"})
    response = client.post(url, {k: ("" if v is None else v) for k, v in data.items()})
    assert response.status_code == 200
    assert "give the text in each language" in response.content.decode()
    service.refresh_from_db()
    assert service.form[0]["name"] == "full_name"
