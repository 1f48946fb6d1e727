"""Applications to e-services: submit, review, ask and answer, approve (and issue), reject."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.documents import services
from mahalla.documents.forms_schema import DataInvalid
from mahalla.documents.models import Application, ApplicationAttachment, ApplicationStep
from mahalla.notify.models import OutboxMessage
from tests.documents.edocs import (
    ISSUING,
    MONDAY_10,
    PDF,
    RESIDENCE_ANSWERS,
    hall,
    jpeg,
    service,
    upload,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def submit(people, code="residence_certificate", answers=None, files=None, who="resident",
           **kwargs):
    return services.submit_application(service=service(code), applicant=people[who],
                                       data=answers or dict(RESIDENCE_ANSWERS), files=files,
                                       **kwargs)


def nothing_stored():
    return not (Application.objects.exists() or ApplicationAttachment.objects.exists()
                or ApplicationStep.objects.exists()
                or DomainEvent.objects.filter(type__startswith="application.").exists()
                or OutboxMessage.objects.exists())


# Submitting -------------------------------------------------------------------------------


def test_a_submitted_application_is_registered_with_a_number_and_a_deadline(edocs):
    with time_machine.travel(MONDAY_10, tick=False):
        application = submit(edocs)
    application.refresh_from_db()
    assert application.number == "ARZ-2027-000001"
    assert application.status == S.REGISTERED
    assert application.mahalla == edocs["home"]
    assert application.registered_at == MONDAY_10
    # 3 working days after Monday: Thursday, end of the working day.
    assert timezone.localtime(application.due_at).strftime("%a %d %H:%M") == "Thu 04 18:00"
    assert application.data["phone"] == "+998901234567"  # normalized
    assert application.data["birth_date"] == "1990-02-01"
    assert application.form_snapshot == service("residence_certificate").form
    assert [s.action for s in application.steps.all()] == ["submitted", "registered"]


def test_numbers_are_dense_per_year(edocs):
    first = submit(edocs)
    second = submit(edocs, who="neighbour")
    year = timezone.localtime().year
    assert (first.number, second.number) == (f"ARZ-{year}-000001", f"ARZ-{year}-000002")


def test_events_carry_ids_and_codes_but_no_personal_data(edocs):
    application = submit(edocs)
    events = DomainEvent.objects.filter(type__startswith="application.").order_by("id")
    assert [e.type for e in events] == ["application.submitted", "application.registered"]
    for event in events:
        assert event.object_id == str(application.pk)
        assert event.payload["number"] == application.number
        assert event.payload["service"] == "residence_certificate"
        dumped = json.dumps(event.payload, ensure_ascii=False)
        for private in ("Karimova", "Bunyodkor", "1990", "+99890", "Xalq banki"):
            assert private not in dumped


def test_the_applicant_and_the_chairman_are_told(edocs):
    application = submit(edocs)
    to_applicant = OutboxMessage.objects.get(recipient=edocs["resident"])
    assert to_applicant.kind == "application.registered"
    assert application.number in to_applicant.body
    assert to_applicant.link == f"/services/mine/{application.number}/"
    to_chairman = OutboxMessage.objects.get(recipient=edocs["chairman"])
    assert to_chairman.kind == "application.new"
    assert to_chairman.link == f"/services/staff/{application.number}/"
    assert "Certificate of residence" in to_chairman.body or "maʼlumotnoma" in to_chairman.body
    assert not OutboxMessage.objects.filter(recipient=edocs["other_chairman"]).exists()


def test_messages_are_written_in_the_recipients_language(edocs):
    edocs["chairman"].preferred_language = "ru"
    edocs["chairman"].save(update_fields=["preferred_language"])
    application = submit(edocs)
    message = OutboxMessage.objects.get(recipient=edocs["chairman"])
    assert "Справка с места жительства" in message.body
    assert message.link == f"/ru/services/staff/{application.number}/"


@pytest.mark.parametrize(("change", "field"), [
    ({"full_name": ""}, "full_name"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
    ({"birth_date": "31.02.1990"}, "birth_date"),
    ({"phone": "12345"}, "phone"),
    ({"pinfl": "12345678901234"}, "pinfl"),
])
def test_bad_answers_are_refused_per_field_and_nothing_is_stored(edocs, change, field):
    with pytest.raises(DataInvalid) as error:
        submit(edocs, answers={**RESIDENCE_ANSWERS, **change})
    assert field in error.value.errors
    assert nothing_stored()


def test_every_wrong_field_is_reported_at_once(edocs):
    with pytest.raises(DataInvalid) as error:
        submit(edocs, answers={"full_name": "", "address": ""})
    assert {"full_name", "birth_date", "address", "phone"} <= set(error.value.errors)


def test_an_applicant_without_a_mahalla_is_asked_to_choose_it(edocs):
    edocs["resident"].mahalla = None
    edocs["resident"].save(update_fields=["mahalla"])
    with pytest.raises(DomainError) as error:
        submit(edocs)
    assert error.value.field == "mahalla"
    assert nothing_stored()


def test_an_inactive_service_takes_no_applications(edocs):
    residence = service("residence_certificate")
    residence.is_active = False
    residence.save()
    with pytest.raises(DomainError):
        submit(edocs)
    assert nothing_stored()


def test_a_retry_with_the_same_key_returns_the_same_application(edocs):
    first = submit(edocs, idempotency_key="k-1")
    again = submit(edocs, idempotency_key="k-1")
    assert first.pk == again.pk and Application.objects.count() == 1
    with pytest.raises(DomainError):
        submit(edocs, who="neighbour", idempotency_key="k-1")


# Attachments ------------------------------------------------------------------------------

HOUSEHOLD = {"change_kind": "birth", "person_name": "Karimov Sardor", "relation": "oʻgʻli",
             "change_date": "", "address": "Bunyodkor koʻchasi, 12-uy",
             "full_name": "Karimova Aziza", "phone": "+998901234567"}


def household(**changes):
    return {**HOUSEHOLD, "change_date": timezone.localdate().isoformat(), **changes}


def test_a_required_attachment_must_be_sent(edocs):
    with pytest.raises(DataInvalid) as error:
        submit(edocs, "household_change", household())
    assert "attachment_supporting_document" in error.value.errors
    assert nothing_stored()


def test_a_pdf_and_a_photo_are_accepted_and_the_photo_is_re_encoded(edocs):
    application = submit(edocs, "household_change", household(), files={
        "supporting_document": [upload(PDF), upload(jpeg(), "page.png", "image/png")]})
    files = list(application.files.order_by("id"))
    assert [f.content_type for f in files] == ["application/pdf", "image/jpeg"]
    assert files[0].file.read() == PDF
    assert files[1].file.read().startswith(b"\xff\xd8")
    assert files[0].original_name == "scan.pdf"


@pytest.mark.parametrize(("data", "message"), [
    (b"GIF89a not really anything", "not a PDF, JPEG, PNG or WebP"),
    (b"MZ\x90\x00 an executable", "not a PDF, JPEG, PNG or WebP"),
    (b"%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "scripts"),
    (b"", "empty"),
])
def test_files_are_checked_by_content_not_by_name(edocs, data, message):
    with pytest.raises(DomainError) as error:
        submit(edocs, "household_change", household(),
               files={"supporting_document": [upload(data, "scan.pdf")]})
    assert message in error.value.message
    assert error.value.field == "attachment_supporting_document"
    assert nothing_stored()


def test_files_over_10_mb_or_more_than_five_are_refused(edocs):
    big = upload(b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DomainError, match="at most 10 MB"):
        submit(edocs, "household_change", household(), files={"supporting_document": [big]})
    six = [upload(PDF, f"p{i}.pdf") for i in range(6)]
    with pytest.raises(DomainError, match="At most 5 files"):
        submit(edocs, "household_change", household(), files={"supporting_document": six})
    assert nothing_stored()


# The mahalla hall -------------------------------------------------------------------------


def test_a_day_of_the_hall_goes_to_one_family(edocs):
    first = submit(edocs, "hall_booking", hall())
    assert first.reserved_date == timezone.localdate() + timedelta(days=28)
    with pytest.raises(Conflict) as error:
        submit(edocs, "hall_booking", hall(), who="neighbour")
    assert error.value.field == "event_date"
    assert f"{first.reserved_date:%d.%m.%Y} is already booked" in error.value.message
    assert Application.objects.count() == 1


def test_another_mahalla_has_its_own_hall(edocs):
    submit(edocs, "hall_booking", hall())
    outsider = UserFactory(mahalla=edocs["other"])
    services.submit_application(service=service("hall_booking"), applicant=outsider,
                                data=hall())
    assert Application.objects.count() == 2


def test_a_rejected_booking_frees_the_day(edocs):
    first = submit(edocs, "hall_booking", hall())
    services.reject_application(application=first, reason="Zal taʼmirlanmoqda.",
                                actor=edocs["chairman"])
    second = submit(edocs, "hall_booking", hall(), who="neighbour")
    assert second.reserved_date == first.reserved_date


def test_a_booking_for_a_past_day_is_refused(edocs):
    with pytest.raises(DataInvalid) as error:
        submit(edocs, "hall_booking", hall(event_date=timezone.localdate().isoformat()))
    assert "event_date" in error.value.errors


# The workflow -----------------------------------------------------------------------------


def test_review_question_answer_approval_and_the_document(edocs):
    chairman, resident = edocs["chairman"], edocs["resident"]
    with time_machine.travel(MONDAY_10, tick=False):
        application = submit(edocs)
    due = application.due_at
    with time_machine.travel(MONDAY_10 + timedelta(hours=1), tick=False):
        services.start_review(application=application, actor=chairman)
    with time_machine.travel(MONDAY_10 + timedelta(hours=2), tick=False):
        services.request_information(application=application, actor=chairman,
                                     text="Pasport nusxasini yuboring.")
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED
    assert application.info_request == "Pasport nusxasini yuboring."
    assert OutboxMessage.objects.filter(recipient=resident,
                                        kind="application.info_requested").exists()
    # Answered on Wednesday: two working days waited, added to the deadline.
    with time_machine.travel(MONDAY_10 + timedelta(days=2), tick=False):
        services.provide_information(application=application, applicant=resident,
                                     text="Nusxa ilova qilindi.", files=[upload(PDF)])
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    # Thursday plus two working days (Friday, Monday): Monday at the end of the day.
    assert timezone.localtime(due).strftime("%a %d") == "Thu 04"
    assert timezone.localtime(application.due_at).strftime("%a %d %H:%M") == "Mon 08 18:00"
    assert application.files.get().kind == "additional"
    assert OutboxMessage.objects.filter(recipient=chairman,
                                        kind="application.info_provided").exists()

    with time_machine.travel(MONDAY_10 + timedelta(days=2, hours=1), tick=False):
        services.approve_application(application=application, actor=chairman)
    application.refresh_from_db()
    assert application.decided_by == chairman and application.decided_at
    actions = [s.action for s in application.steps.all()]
    assert actions[:6] == ["submitted", "registered", "review_started", "info_requested",
                           "info_provided", "approved"]
    if not ISSUING:
        assert application.status == S.APPROVED
        return
    from mahalla.documents.issuing.models import IssuedDocument

    assert application.status == S.ISSUED and actions[-1] == "issued"
    document = IssuedDocument.objects.get(number=application.document_number)
    assert document.holder == resident
    assert document.kind == "residence_certificate"
    assert document.source_type == "documents.application"
    assert document.source_id == application.number
    assert document.issuer_mahalla == edocs["home"]
    assert document.holder_name == "Karimova Aziza Baxtiyor qizi"
    assert OutboxMessage.objects.filter(recipient=resident, kind="application.issued").exists()


@pytest.mark.skipif(not ISSUING, reason="the issuing module is not installed yet")
def test_the_document_is_written_in_the_applicants_language(edocs):
    from mahalla.documents.issuing.models import IssuedDocument

    edocs["resident"].preferred_language = "ru"
    edocs["resident"].save(update_fields=["preferred_language"])
    application = submit(edocs)
    services.approve_application(application=application, actor=edocs["chairman"])
    document = IssuedDocument.objects.get(number=Application.objects.get().document_number)
    assert document.language == "ru"
    assert document.title == "Справка с места жительства"
    assert document.valid_until == timezone.localdate() + timedelta(days=30)
    assert application.number in document.source_id


@pytest.mark.skipif(not ISSUING, reason="the issuing module is not installed yet")
def test_a_district_official_may_approve_and_the_mahalla_issues(edocs):
    application = submit(edocs)
    services.approve_application(application=application, actor=edocs["official"])
    application.refresh_from_db()
    assert application.status == S.ISSUED and application.decided_by == edocs["official"]


def test_a_failed_issue_keeps_the_approval_and_can_be_retried(edocs, monkeypatch):
    application = submit(edocs)
    monkeypatch.setattr(services, "issuing_available", lambda: True)

    def broken(application, actor):
        raise RuntimeError("the signer is down")

    monkeypatch.setattr(services, "_issue", broken)
    services.approve_application(application=application, actor=edocs["chairman"])
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.steps.filter(action="issue_failed", is_internal=True).exists()
    monkeypatch.undo()
    if ISSUING:
        services.issue_application_document(application=application, actor=edocs["chairman"])
        application.refresh_from_db()
        assert application.status == S.ISSUED and application.document_number


def test_a_service_without_a_document_ends_approved(edocs):
    application = submit(edocs, "hall_booking", hall())
    services.approve_application(application=application, actor=edocs["chairman"])
    application.refresh_from_db()
    assert application.status == S.APPROVED and not application.document_number


def test_rejection_needs_a_reason_which_the_applicant_gets(edocs):
    application = submit(edocs)
    for reason in ("", "  ", "no"):
        with pytest.raises(DomainError) as error:
            services.reject_application(application=application, reason=reason,
                                        actor=edocs["chairman"])
        assert error.value.field == "reason"
    application.refresh_from_db()
    assert application.status == S.REGISTERED
    services.reject_application(application=application, reason="Manzil mahallamizda emas.",
                                actor=edocs["chairman"])
    application.refresh_from_db()
    assert application.status == S.REJECTED
    assert application.decision_reason == "Manzil mahallamizda emas."
    message = OutboxMessage.objects.get(recipient=edocs["resident"], kind="application.rejected")
    assert "Manzil mahallamizda emas." in message.body


@pytest.mark.parametrize("who", ["other_chairman", "resident", "neighbour", "auditor",
                                 "dispatcher"])
def test_only_the_deciding_role_in_scope_may_decide(edocs, who):
    application = submit(edocs)
    with pytest.raises(PermissionDenied):
        services.approve_application(application=application, actor=edocs[who])
    with pytest.raises(PermissionDenied):
        services.reject_application(application=application, reason="Sabab yetarli.",
                                    actor=edocs[who])
    with pytest.raises(PermissionDenied):
        services.start_review(application=application, actor=edocs[who])
    application.refresh_from_db()
    assert application.status == S.REGISTERED


def test_other_staff_of_the_mahalla_see_but_do_not_decide(edocs):
    worker = UserFactory(role=Role.MAHALLA_SOCIAL_WORKER, mahalla=edocs["home"])
    application = submit(edocs)
    with pytest.raises(PermissionDenied):
        services.approve_application(application=application, actor=worker)


def test_nobody_decides_their_own_application(edocs):
    application = submit(edocs, who="chairman")
    with pytest.raises(PermissionDenied):
        services.approve_application(application=application, actor=edocs["chairman"])


def test_only_the_applicant_answers_and_only_when_asked(edocs):
    application = submit(edocs)
    with pytest.raises(Conflict):
        services.provide_information(application=application, applicant=edocs["resident"],
                                     text="Javob")
    services.request_information(application=application, text="Qaysi bank uchun?",
                                 actor=edocs["chairman"])
    with pytest.raises(PermissionDenied):
        services.provide_information(application=application, applicant=edocs["neighbour"],
                                     text="Javob")
    with pytest.raises(DomainError):
        services.provide_information(application=application, applicant=edocs["resident"])


def test_an_answer_may_correct_the_form_answers_which_are_checked_again(edocs):
    application = submit(edocs)
    services.request_information(application=application, text="Manzilni aniqlashtiring.",
                                 actor=edocs["chairman"])
    with pytest.raises(DataInvalid):
        services.provide_information(application=application, applicant=edocs["resident"],
                                     data={"birth_date": "not a date"})
    services.provide_information(application=application, applicant=edocs["resident"],
                                 data={"address": "Bunyodkor koʻchasi, 14-uy"})
    application.refresh_from_db()
    assert application.data["address"] == "Bunyodkor koʻchasi, 14-uy"
    assert application.data["full_name"] == RESIDENCE_ANSWERS["full_name"]


def test_decided_applications_cannot_be_decided_again(edocs):
    application = submit(edocs, "hall_booking", hall())
    services.approve_application(application=application, actor=edocs["chairman"])
    with pytest.raises(Conflict):
        services.reject_application(application=application, reason="Kech qoldi.",
                                    actor=edocs["chairman"])


# Overdue ----------------------------------------------------------------------------------


def test_overdue_applications_are_escalated_to_the_district_once(edocs):
    with time_machine.travel(MONDAY_10, tick=False):
        application = submit(edocs)
    later = application.due_at + timedelta(hours=1)
    assert Application.objects.overdue(later).get() == application
    assert services.escalate_overdue_applications(now=later) == 1
    assert services.escalate_overdue_applications(now=later) == 0
    message = OutboxMessage.objects.get(recipient=edocs["official"], kind="application.overdue")
    assert application.number in message.body
    assert application.steps.filter(action="escalated", is_internal=True).count() == 1


def test_the_clock_stops_while_the_applicant_is_asked(edocs):
    application = submit(edocs)
    services.request_information(application=application, text="Hujjat kerak.",
                                 actor=edocs["chairman"])
    later = application.due_at + timedelta(days=10)
    assert not Application.objects.overdue(later).exists()


def test_the_periodic_task_is_registered():
    from mahalla.core.periodic import PERIODIC_TASKS

    assert any(path == "mahalla.documents.tasks.escalate_overdue_applications_task"
               for path, _ in PERIODIC_TASKS)
