"""Demo data for the e-services: a few applications in different states."""

from datetime import timedelta

from django.utils import timezone

from mahalla.documents.models import Application, EService


def seed_sample_applications(*, applicant, chairman) -> int:
    """Applications of the demo resident to the shipped services; none when some exist.

    One waits in the chairman's queue, one is asked for more information, one is approved
    (with its signed certificate when e-documents can be issued).
    """
    from mahalla.documents import services

    if Application.objects.filter(applicant=applicant).exists():
        return 0
    person = {"full_name": applicant.full_name or "Aziza Karimova",
              "birth_date": "1991-04-12", "address": "Bunyodkor koʻchasi, 12-uy",
              "phone": applicant.phone}
    codes = {s.code: s for s in EService.objects.active()}

    def submit(code, data):
        return services.submit_application(service=codes[code], applicant=applicant,
                                           data=data)

    made = 0
    if "hall_booking" in codes:
        day = timezone.localdate() + timedelta(days=24)
        submit("hall_booking", {**person, "event_date": day.isoformat(),
                                "event_kind": "wedding", "guests": "150"})
        made += 1
    if "material_aid" in codes:
        aid = submit("material_aid", {
            **person, "household_size": "5", "monthly_income": "2400000",
            "reason": "Turmush oʻrtogʻim kasalxonada davolanmoqda, oila daromadi kamaydi. "
                      "Dori-darmon uchun yordam soʻrayman."})
        services.request_information(
            application=aid, actor=chairman,
            text="Iltimos, kasalxonadan maʼlumotnoma nusxasini ilova qiling.")
        made += 1
    if "residence_certificate" in codes:
        certificate = submit("residence_certificate", {**person, "purpose": "Xalq banki"})
        services.approve_application(application=certificate, actor=chairman)
        made += 1
    return made
