import io
import re

import pytest
from PIL import Image

from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep
from mahalla.appeals.services.common import tracking_hash
from mahalla.core.exceptions import DomainError
from mahalla.core.models import DomainEvent
from mahalla.notify.models import OutboxMessage
from tests.appeals.conftest import jpeg_bytes, upload


def nothing_stored():
    return not Appeal.objects.exists() and not AppealPhoto.objects.exists() \
        and not DomainEvent.objects.filter(type__startswith="appeal.").exists()


def test_report_is_numbered_registered_routed_and_tracked(world, submit):
    appeal = submit()
    assert re.fullmatch(r"MAH-\d{4}-000001", appeal.number)
    assert appeal.status == Appeal.Status.REGISTERED
    assert appeal.organization == world["water"]
    assert appeal.mahalla == world["home"]  # found from the map point
    assert appeal.due_at and appeal.registered_at
    assert appeal.tracking_hash == tracking_hash(appeal.tracking_token)
    assert [s.action for s in appeal.steps.all()] == ["submitted", "registered"]
    assert DomainEvent.objects.filter(object_id=str(appeal.pk)).count() == 2
    assert OutboxMessage.objects.filter(recipient=world["dispatcher"], kind="appeal.new").exists()
    assert OutboxMessage.objects.filter(recipient=world["resident"],
                                        kind="appeal.registered").exists()


def test_numbers_are_consecutive(submit):
    numbers = [submit().number[-6:] for _ in range(3)]
    assert numbers == ["000001", "000002", "000003"]


def test_no_routing_rule_leaves_it_in_the_mahalla_chairmans_queue(world, submit):
    appeal = submit(category="lighting")
    assert appeal.organization is None
    assert OutboxMessage.objects.filter(recipient=world["chairman"], kind="appeal.new").exists()
    assert not OutboxMessage.objects.filter(recipient=world["other_chairman"]).exists()


def test_most_specific_rule_wins(world, submit):
    from mahalla.core.models import ServiceArea
    from tests.factories import OrganizationFactory

    local = OrganizationFactory(district=world["district"])
    ServiceArea.objects.create(organization=local, category="water", mahalla=world["home"])
    assert submit().organization == local
    assert submit(latitude="41.4", longitude="69.33").organization == world["water"]


def test_chosen_mahalla_wins_over_the_point(world, submit):
    appeal = submit(mahalla_code=world["other"].code)
    assert appeal.mahalla == world["other"]


def test_photo_is_reencoded_without_exif_and_thumbnailed(submit):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (41.0, 21.0, 0.0)}  # GPS
    appeal = submit(photos=[upload(jpeg_bytes(size=(1200, 900), exif=exif.tobytes()))])
    photo = appeal.photos.get()
    with Image.open(photo.image.open("rb")) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    with Image.open(photo.thumbnail.open("rb")) as thumb:
        assert max(thumb.size) <= 400
    assert not photo.is_public


def test_png_and_webp_are_accepted_by_content_not_name(submit):
    for fmt in ("PNG", "WEBP"):
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), (0, 128, 0)).save(buffer, fmt)
        submit(photos=[upload(buffer.getvalue(), name="weird.txt", content_type="text/plain")])
    assert AppealPhoto.objects.count() == 2


@pytest.mark.parametrize("data", [
    b"GIF89a" + b"\x00" * 100,
    b"<?php echo 'x'; ?>",
    b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10,
    b"",
])
def test_forged_images_are_refused_and_nothing_is_stored(submit, data):
    with pytest.raises(DomainError) as info:
        submit(photos=[upload(data, name="photo.jpg")])
    assert info.value.field == "photos"
    assert nothing_stored()


def test_gif_is_refused_even_when_valid(submit):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(DomainError, match="JPEG, PNG or WebP"):
        submit(photos=[upload(buffer.getvalue())])
    assert nothing_stored()


def test_oversized_photo_is_refused(submit):
    big = jpeg_bytes() + b"\x00" * (10 * 1024 * 1024)
    with pytest.raises(DomainError, match="10 MB"):
        submit(photos=[upload(big)])
    assert nothing_stored()


def test_more_than_five_photos_are_refused(submit):
    with pytest.raises(DomainError, match="5"):
        submit(photos=[upload(jpeg_bytes()) for _ in range(6)])
    assert nothing_stored()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"text": "short"}, "text"),
    ({"text": ""}, "text"),
    ({"text": "Yoʻl buzilgan <script>alert(1)</script>"}, "text"),
    ({"text": "Qarang <img src=x onerror=alert(1)> bu yerda"}, "text"),
    ({"category": "volcano"}, "category"),
    ({"kind": "wish"}, "kind"),
    ({"latitude": "55.75", "longitude": "37.61"}, "latitude"),
    ({"latitude": "41.3", "longitude": ""}, "latitude"),
    ({"latitude": "abc", "longitude": "69.2"}, "latitude"),
    ({"latitude": "NaN", "longitude": "69.2"}, "latitude"),
    ({"latitude": "", "longitude": "", "address": ""}, "latitude"),
    ({"mahalla_code": "nope"}, "mahalla"),
    ({"consent": False}, "consent"),
    ({"contact": "pigeon"}, "contact"),
])
def test_bad_input_gets_a_clear_error_and_leaves_nothing(submit, overrides, field):
    with pytest.raises(DomainError) as info:
        submit(**overrides)
    assert info.value.field == field and str(info.value.message)
    assert nothing_stored()


def test_text_with_a_less_than_sign_is_fine(submit):
    assert submit(text="Bosim 2 < 3 atmosfera, suv yoʻq").status == Appeal.Status.REGISTERED


def test_anonymous_problem_report_is_worked(submit):
    appeal = submit(author=None, consent=False)
    assert appeal.is_anonymous and appeal.author is None
    assert appeal.status == Appeal.Status.REGISTERED


def test_anonymous_complaint_is_recorded_but_not_considered(submit):
    appeal = submit(kind="complaint", author=None, anonymous=True)
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert appeal.due_at is None and appeal.organization is None
    step = appeal.steps.get(action="not_considered")
    assert "Art. 25" in step.note


def test_same_idempotency_key_returns_the_same_appeal(submit):
    first = submit(idempotency_key="k-123")
    again = submit(idempotency_key="k-123")
    assert first.pk == again.pk and Appeal.objects.count() == 1


def test_text_is_normalized_and_searchable_across_scripts(submit):
    appeal = submit(text="Ko'chada  suv  yo'q, iltimos yordam bering")
    assert appeal.text == "Koʻchada suv yoʻq, iltimos yordam bering"
    from mahalla.core.text import search_key

    assert search_key("КЎЧАДА") in appeal.search_key


def test_public_step_visibility(submit):
    appeal = submit()
    assert set(appeal.steps.values_list("visibility", flat=True)) == {AppealStep.Visibility.PUBLIC}


def test_retry_with_the_key_gives_back_the_same_tracking_link(submit):
    first = submit(author=None, consent=False, idempotency_key="anon-key-1")
    again = submit(author=None, consent=False, idempotency_key="anon-key-1")
    assert again.pk == first.pk and again.tracking_token == first.tracking_token
    from mahalla.appeals.selectors import find_by_tracking_token

    assert find_by_tracking_token(again.tracking_token) == first


def test_someone_elses_key_is_refused(submit):
    submit(idempotency_key="shared-key")
    with pytest.raises(DomainError):
        submit(author="neighbour", idempotency_key="shared-key")


def test_danger_to_life_is_critical_and_the_body_gets_an_sms(world, submit):
    appeal = submit(category="gas",
                    text="Uyimiz oldida kuchli gaz hidi kelyapti, gaz sizib chiqmoqda")
    assert appeal.priority == Appeal.Priority.CRITICAL
    assert OutboxMessage.objects.filter(recipient=world["gas_dispatcher"], kind="appeal.critical",
                                        channel=OutboxMessage.Channel.SMS).exists()
