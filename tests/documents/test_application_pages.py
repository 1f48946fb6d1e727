"""The e-service pages: catalogue, the form, my applications, and the staff queue and actions."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from mahalla.documents import services
from mahalla.documents.models import Application, ApplicationAttachment, EService
from tests.documents.edocs import (
    ISSUING,
    PDF,
    RESIDENCE_ANSWERS,
    hall,
    service,
    upload,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ["uz", "uz-cyrl", "ru", "en"]
NAME_FIELD = {"uz": "name_uz", "uz-cyrl": "name_uz_cyrl", "ru": "name_ru", "en": "name_en"}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"documents:{name}", args=args)


def as_user(client, user):
    client.force_login(user)
    return client


def apply(people, code="residence_certificate", answers=None, who="resident"):
    return services.submit_application(service=service(code), applicant=people[who],
                                       data=answers or RESIDENCE_ANSWERS)


def assert_clean_page(html: str) -> None:
    """One main landmark, one h1, every input labelled, no inline script or style (CSP)."""
    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    fields = re.findall(
        r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|radio)")[^>]*\bid="([^"]+)"', html)
    for field_id in fields:
        assert f'for="{field_id}"' in html, field_id


# The resident -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_lists_the_services_in_each_language(client, edocs, language):
    response = client.get(url("catalogue", language=language))
    html = response.content.decode()
    assert response.status_code == 200
    for item in EService.objects.active():
        assert getattr(item, NAME_FIELD[language]) in html
    assert_clean_page(html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ["residence_certificate", "character_reference",
                                  "family_composition", "material_aid", "hall_booking",
                                  "household_change"])
def test_every_service_form_opens_in_each_language(client, edocs, code, language):
    as_user(client, edocs["resident"])
    response = client.get(url("apply", code, language=language))
    html = response.content.decode()
    assert response.status_code == 200
    assert getattr(service(code), NAME_FIELD[language]) in html
    assert_clean_page(html)
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html


def test_the_form_is_prefilled_from_the_profile(client, edocs):
    as_user(client, edocs["resident"])
    html = client.get(url("apply", "residence_certificate")).content.decode()
    assert 'value="Karimova Aziza"' in html
    assert f'value="{edocs["resident"].phone_display}"' in html
    assert edocs["home"].name_uz in html  # "The application goes to the … mahalla"


def test_applying_needs_an_account(client, edocs):
    response = client.get(url("apply", "residence_certificate"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_or_closed_service_is_not_found(client, edocs):
    as_user(client, edocs["resident"])
    assert client.get(url("apply", "no_such_service")).status_code == 404
    EService.objects.filter(code="hall_booking").update(is_active=False)
    assert client.get(url("apply", "hall_booking")).status_code == 404


def form_post(**changes):
    data = {**RESIDENCE_ANSWERS, "idempotency_key": "key-" + "1" * 30}
    data.update(changes)
    return data


def test_a_resident_applies_and_lands_on_the_application(client, edocs):
    as_user(client, edocs["resident"])
    response = client.post(url("apply", "residence_certificate"), form_post())
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", application.number)
    page = client.get(response["Location"]).content.decode()
    assert application.number in page and "Registered" in page
    assert "Bunyodkor koʻchasi, 12-uy" in page


def test_a_double_click_makes_one_application(client, edocs):
    as_user(client, edocs["resident"])
    client.post(url("apply", "residence_certificate"), form_post())
    client.post(url("apply", "residence_certificate"), form_post())
    assert Application.objects.count() == 1


def test_bad_answers_come_back_with_errors_linked_to_fields_and_nothing_stored(client, edocs):
    as_user(client, edocs["resident"])
    response = client.post(url("apply", "residence_certificate"),
                           form_post(birth_date="2999-01-01", phone="123", full_name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    for field in ("birth_date", "phone", "full_name"):
        assert f'id="id_{field}_error"' in html
        assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
            rf'aria-invalid="true"[^>]*id="id_{field}"', html)
    assert 'aria-describedby="id_full_name_helptext id_full_name_error"' in html
    assert 'value="Bunyodkor koʻchasi, 12-uy"' in html  # what was typed stays
    assert not Application.objects.exists()


def test_a_missing_scan_and_a_forged_file_are_refused_on_their_field(client, edocs):
    as_user(client, edocs["resident"])
    from django.utils import timezone

    data = {"change_kind": "birth", "person_name": "Karimov Sardor",
            "change_date": timezone.localdate().isoformat(), "address": "Bunyodkor 12",
            "full_name": "Karimova Aziza", "phone": "+998901234567"}
    target = url("apply", "household_change")
    missing = client.post(target, data)
    assert missing.status_code == 400
    assert 'id="id_attachment_supporting_document_error"' in missing.content.decode()
    forged = client.post(target, {**data, "attachment_supporting_document": upload(
        b"GIF89a nothing", "birth.pdf")})
    assert forged.status_code == 400
    assert "not a PDF, JPEG, PNG or WebP" in forged.content.decode()
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()
    good = client.post(target, {**data, "attachment_supporting_document": upload(PDF)})
    assert good.status_code == 302
    assert Application.objects.get().files.count() == 1


def test_a_booked_day_is_refused_on_the_date_field(client, edocs):
    apply(edocs, "hall_booking", hall())
    as_user(client, edocs["neighbour"])
    response = client.post(url("apply", "hall_booking"), hall())
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="id_event_date_error"' in html and "already booked" in html
    assert Application.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_applications_and_one_application_open_in_each_language(client, edocs, language):
    application = apply(edocs)
    as_user(client, edocs["resident"])
    listing = client.get(url("mine", language=language))
    assert listing.status_code == 200 and application.number in listing.content.decode()
    page = client.get(url("detail", application.number, language=language))
    assert page.status_code == 200
    assert_clean_page(page.content.decode())


def test_another_resident_cannot_open_my_application(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["neighbour"])
    assert client.get(url("detail", application.number)).status_code == 404
    assert client.post(url("answer", application.number), {"text": "x"}).status_code == 404


def test_staff_opening_the_resident_page_go_to_the_staff_page(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["chairman"])
    response = client.get(url("detail", application.number))
    assert response.status_code == 302
    assert response["Location"] == url("staff_detail", application.number)


def test_the_applicant_answers_a_request_for_information_with_a_file(client, edocs):
    application = apply(edocs)
    services.request_information(application=application, text="Pasport nusxasini yuboring.",
                                 actor=edocs["chairman"])
    as_user(client, edocs["resident"])
    page = client.get(url("detail", application.number)).content.decode()
    assert "Pasport nusxasini yuboring." in page and 'name="files"' in page
    empty = client.post(url("answer", application.number), {"text": ""})
    assert empty.status_code == 400 and "Write an answer or attach a file" in \
        empty.content.decode()
    response = client.post(url("answer", application.number),
                           {"text": "Ilova qildim.", "files": [upload(PDF)]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.files.get().kind == "additional"


def test_files_are_served_to_the_applicant_and_the_mahalla_only(client, edocs):
    application = apply(edocs)
    services.request_information(application=application, text="Nusxa kerak.",
                                 actor=edocs["chairman"])
    services.provide_information(application=application, applicant=edocs["resident"],
                                 files=[upload(PDF)])
    item = application.files.get()
    target = url("attachment", item.pk)
    for who, status in (("resident", 200), ("chairman", 200), ("official", 200),
                        ("other_chairman", 404), ("neighbour", 404)):
        client.force_login(edocs[who])
        response = client.get(target)
        assert response.status_code == status, who
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")
            assert "sandbox" in response["Content-Security-Policy"]
    client.logout()
    assert client.get(target).status_code == 302


# Staff ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_queue_shows_the_mahallas_applications_in_each_language(client, edocs,
                                                                         language):
    mine = apply(edocs)
    as_user(client, edocs["chairman"])
    response = client.get(url("queue", language=language))
    html = response.content.decode()
    assert response.status_code == 200 and mine.number in html
    assert_clean_page(html)
    detail = client.get(url("staff_detail", mine.number, language=language))
    assert detail.status_code == 200
    assert_clean_page(detail.content.decode())


def test_the_queue_is_scoped_and_filtered(client, edocs):
    application = apply(edocs)
    booking = apply(edocs, "hall_booking", hall(), who="neighbour")
    as_user(client, edocs["other_chairman"])
    assert application.number not in client.get(url("queue")).content.decode()
    assert client.get(url("staff_detail", application.number)).status_code == 404
    as_user(client, edocs["official"])
    html = client.get(url("queue")).content.decode()
    assert application.number in html and booking.number in html
    only_hall = client.get(url("queue"), {"service": "hall_booking"}).content.decode()
    assert booking.number in only_hall and application.number not in only_hall
    overdue = client.get(url("queue"), {"overdue": "on"}).content.decode()
    assert application.number not in overdue
    by_status = client.get(url("queue"), {"status": "rejected"}).content.decode()
    assert application.number not in by_status


def test_residents_do_not_get_the_staff_pages(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["resident"])
    assert client.get(url("queue")).status_code == 403
    assert client.get(url("staff_detail", application.number)).status_code == 403
    assert client.post(url("staff_action", application.number, "approve")).status_code == 403


def test_the_chairman_reviews_and_approves(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["chairman"])
    page = client.get(url("staff_detail", application.number)).content.decode()
    assert "Start the review" in page and "Approve" in page and "Reject" in page
    assert "Karimova Aziza Baxtiyor qizi" in page
    response = client.post(url("staff_action", application.number, "start_review"))
    assert response.status_code == 302
    response = client.post(url("staff_action", application.number, "approve"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == (Application.Status.ISSUED if ISSUING
                                   else Application.Status.APPROVED)
    if ISSUING:
        client.force_login(edocs["resident"])
        page = client.get(url("detail", application.number)).content.decode()
        assert reverse("issuing:download", kwargs={"number": application.document_number}) \
            in page


def test_rejecting_without_a_reason_is_refused_on_the_reason_field(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["chairman"])
    response = client.post(url("staff_action", application.number, "reject"),
                           {"reject-reason": ""})
    assert response.status_code == 400
    assert 'id="id_reject-reason_error"' in response.content.decode()
    response = client.post(url("staff_action", application.number, "reject"),
                           {"reject-reason": "Manzil boshqa mahallada."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_staff_who_may_only_see_get_no_actions(client, edocs):
    application = apply(edocs)
    as_user(client, edocs["auditor"])
    page = client.get(url("staff_detail", application.number))
    assert page.status_code == 200 and "Approve" not in page.content.decode()
    response = client.post(url("staff_action", application.number, "approve"))
    assert response.status_code == 403
    assert "You may not decide this application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.REGISTERED


def test_the_queue_needs_no_query_per_row(client, edocs, django_assert_max_num_queries):
    for who in ("resident", "neighbour"):
        apply(edocs, who=who)
    as_user(client, edocs["chairman"])
    client.get(url("queue"))
    with django_assert_max_num_queries(12):
        client.get(url("queue"))
