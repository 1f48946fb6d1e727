"""The resident's pages: the form, the sent page, "my appeals", the appeal page, tracking."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mahalla.appeals.models import Appeal, AppealPhoto, AppealSupport
from mahalla.appeals.services.workflow import answer_appeal, assign_appeal
from tests.appeals.conftest import POINT, jpeg_bytes, upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded photos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


def form_data(**overrides):
    data = {"kind": "problem_report", "category": "water",
            "text": "Koʻchada suv quvuri yorilib, suv oqmoqda", "mahalla": "",
            "latitude": str(POINT[0]), "longitude": str(POINT[1]), "address": "",
            "contact": "in_app", "consent": "on", "idempotency_key": "k-" + "1" * 30}
    data.update(overrides)
    return data


def answered(world, appeal):
    """The appeal assigned and answered by the water utility (keeps its tracking token)."""
    assign_appeal(appeal=appeal, executor=world["executor"], actor=world["dispatcher"])
    answer_appeal(appeal=appeal, text="Quvur almashtirildi.", actor=world["executor"])
    appeal.refresh_from_db()
    return appeal


@pytest.fixture
def resident_client(client, world):
    client.force_login(world["resident"])
    return client


# The form -----------------------------------------------------------------------------------


def test_form_tells_anonymous_visitors_the_law_before_sending(client, world):
    response = client.get(reverse("appeals:new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "recorded but not considered" in html
    assert html.count("<main") == 1
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', html)
    assert 'name="consent"' not in html  # no account: nothing to consent to
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert 'name="latitude"' in html and 'name="longitude"' in html


def test_every_field_has_a_label(resident_client):
    html = resident_client.get(reverse("appeals:new")).content.decode()
    fields = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"',
                        html)
    assert len(fields) > 10
    for field_id in fields:
        assert f'for="{field_id}"' in html, field_id


def test_resident_sends_a_report_with_a_photo_and_sees_the_tracking_link_once(
        resident_client, world):
    data = form_data(photos=[upload(jpeg_bytes())])
    response = resident_client.post(reverse("appeals:new"), data)
    assert response.status_code == 302 and response["Location"] == reverse("appeals:sent")
    appeal = Appeal.objects.get()
    assert appeal.author == world["resident"] and appeal.photos.count() == 1
    assert appeal.organization == world["water"]
    html = resident_client.get(reverse("appeals:sent")).content.decode()
    assert appeal.number in html
    token = re.search(r"/track/([\w-]+)/", html).group(1)
    assert reverse("appeals:detail", args=[appeal.number]) in html
    again = resident_client.get(reverse("appeals:sent")).content.decode()
    assert appeal.number in again and token not in again


def test_a_double_submit_makes_one_appeal(resident_client):
    first = resident_client.post(reverse("appeals:new"), form_data())
    second = resident_client.post(reverse("appeals:new"), form_data())
    assert first.status_code == second.status_code == 302
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(("overrides", "message", "field"), [
    ({"latitude": "55.75", "longitude": "37.61"}, "outside Uzbekistan", "latitude"),
    ({"text": "<script>alert(1)</script> suv yoʻq"}, "HTML tags", "text"),
    ({"text": "qisqa"}, "at least 10 characters", "text"),
    ({"latitude": "", "longitude": "", "address": ""}, "Show the place", "latitude"),
    ({"consent": ""}, "Agree to the processing", "consent"),
    ({"category": "nonsense"}, "Select a valid choice", "category"),
    ({"mahalla": "NOPE-1", "latitude": "", "longitude": "", "address": "Mustaqillik 5"},
     "Unknown mahalla", "mahalla"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
        resident_client, overrides, message, field):
    response = resident_client.post(reverse("appeals:new"), form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'role="alert"' in html
    assert f'id="id_{field}_error"' in html
    assert not Appeal.objects.exists()


def test_a_forged_photo_is_refused_and_nothing_is_stored(resident_client):
    fake = upload(b"GIF89a not really a photo", name="photo.jpg")
    response = resident_client.post(reverse("appeals:new"), form_data(photos=[fake]))
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP photo" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()


def test_six_photos_are_too_many(resident_client):
    photos = [upload(jpeg_bytes(), name=f"p{i}.jpg") for i in range(6)]
    response = resident_client.post(reverse("appeals:new"), form_data(photos=photos))
    assert response.status_code == 400
    assert "At most 5 photos" in response.content.decode()
    assert not Appeal.objects.exists()


def test_visitor_without_account_sends_an_anonymous_report_and_tracks_it(client, world):
    response = client.post(reverse("appeals:new"), form_data(consent=""))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.is_anonymous and appeal.author is None
    assert appeal.status == Appeal.Status.REGISTERED
    html = client.get(reverse("appeals:sent")).content.decode()
    token = re.search(r"/track/([\w-]+)/", html).group(1)
    page = client.get(reverse("appeals:track", args=[token]))
    assert page.status_code == 200 and appeal.number in page.content.decode()
    assert page["X-Robots-Tag"].startswith("noindex")


def test_anonymous_complaint_is_recorded_as_not_considered(client, world):
    client.post(reverse("appeals:new"), form_data(kind="complaint", category="other"))
    appeal = Appeal.objects.get()
    assert appeal.status == Appeal.Status.NOT_CONSIDERED
    assert "not considered" in client.get(reverse("appeals:sent")).content.decode()


def test_the_mahalla_search_without_javascript_keeps_what_was_typed(resident_client, world):
    data = form_data(find_mahalla="1", mahalla_q=world["other"].name_uz, text="Yozgan matnim")
    response = resident_client.post(reverse("appeals:new"), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Yozgan matnim" in html
    assert f'value="{world["other"].code}"' in html
    assert 'role="alert"' not in html
    assert not Appeal.objects.exists()


def test_mahalla_search_fragment_finds_cyrillic_names(client, world):
    response = client.get(reverse("appeals:mahalla_options"),
                          {"mahalla_q": world["other"].name_uz_cyrl})
    html = response.content.decode()
    assert world["other"].code in html and world["home"].code not in html
    assert "<html" not in html


# "The same problem nearby" --------------------------------------------------------------------


def test_nearby_fragment_offers_me_too_within_50_metres(resident_client, submit):
    existing = submit(author="neighbour")
    url = reverse("appeals:nearby")
    near = resident_client.get(url, {"category": "water", "latitude": "41.3602",
                                     "longitude": "69.2901"}, HTTP_HX_REQUEST="true")
    html = near.content.decode()
    assert existing.number in html and "Me too" in html and "<html" not in html
    assert existing.text not in html  # not moderated: its text stays private
    far = resident_client.get(url, {"category": "water", "latitude": "41.37",
                                    "longitude": "69.30"})
    assert existing.number not in far.content.decode()
    other = resident_client.get(url, {"category": "gas", "latitude": "41.36",
                                      "longitude": "69.29"})
    assert existing.number not in other.content.decode()
    assert resident_client.get(url, {"latitude": "x"}).status_code == 200


def test_failed_submit_shows_nearby_reports_without_javascript(resident_client, submit):
    existing = submit(author="neighbour")
    response = resident_client.post(reverse("appeals:new"), form_data(consent=""))
    assert response.status_code == 400
    assert existing.number in response.content.decode()


def test_me_too_supports_once(resident_client, submit, world):
    existing = submit(author="neighbour")
    url = reverse("appeals:support", args=[existing.number])
    response = resident_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "you support report" in response.content.decode()
    assert AppealSupport.objects.filter(appeal=existing, user=world["resident"]).exists()
    again = resident_client.post(url)
    assert again.status_code == 400 and "already support" in again.content.decode()
    existing.refresh_from_db()
    assert existing.supporters_count == 1


def test_me_too_needs_an_account(client, submit):
    existing = submit(author="neighbour")
    response = client.post(reverse("appeals:support", args=[existing.number]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not AppealSupport.objects.exists()


# My appeals and the appeal page -------------------------------------------------------------


def test_my_appeals_lists_only_mine(resident_client, submit):
    mine = submit()
    other = submit(author="neighbour")
    html = resident_client.get(reverse("appeals:mine")).content.decode()
    assert mine.number in html and other.number not in html
    assert "Water supply" in html and "Registered" in html


def test_my_appeals_marks_overdue(resident_client, submit):
    appeal = submit()
    with time_machine.travel(appeal.due_at + timedelta(days=1)):
        resident_client.force_login(appeal.author)  # a fresh session in the future
        html = resident_client.get(reverse("appeals:mine")).content.decode()
    assert "Overdue" in html


def test_my_appeals_needs_login(client, db):
    response = client.get(reverse("appeals:mine"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_appeal_page_for_owner_colleague_outsider_and_visitor(client, world, submit):
    appeal = submit()
    url = reverse("appeals:detail", args=[appeal.number])
    client.force_login(world["resident"])
    assert client.get(url).status_code == 200
    client.force_login(world["dispatcher"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:staff_detail", args=[appeal.number])
    client.force_login(world["neighbour"])
    assert client.get(url).status_code == 404
    client.force_login(world["gas_dispatcher"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_owner_sees_the_answer_and_rates_it(resident_client, world, submit):
    appeal = answered(world, submit(photos=[upload(jpeg_bytes())]))
    html = resident_client.get(reverse("appeals:detail", args=[appeal.number])).content.decode()
    assert "Quvur almashtirildi." in html and "Rate the answer" in html
    assert world["executor"].full_name not in html  # staff names stay internal
    response = resident_client.post(reverse("appeals:rate", args=[appeal.number]),
                                    {"rating": "5", "comment": "Rahmat"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.CLOSED and appeal.rating == 5


def test_rating_out_of_range_is_refused(resident_client, world, submit):
    appeal = answered(world, submit())
    response = resident_client.post(reverse("appeals:rate", args=[appeal.number]),
                                    {"rating": "9"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.rating is None and appeal.status == Appeal.Status.ANSWERED


def test_only_the_author_can_rate(client, world, submit):
    appeal = answered(world, submit())
    client.force_login(world["neighbour"])
    response = client.post(reverse("appeals:rate", args=[appeal.number]), {"rating": "1"})
    assert response.status_code == 404
    appeal.refresh_from_db()
    assert appeal.rating is None


def test_rating_before_the_answer_is_a_conflict(resident_client, submit):
    appeal = submit()
    response = resident_client.post(reverse("appeals:rate", args=[appeal.number]),
                                    {"rating": "5"})
    assert response.status_code == 409
    appeal.refresh_from_db()
    assert appeal.rating is None


def test_owner_reopens_within_30_days_but_not_later(resident_client, world, submit):
    appeal = answered(world, submit())
    url = reverse("appeals:reopen", args=[appeal.number])
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        resident_client.force_login(world["resident"])
        late = resident_client.post(url, {"reason": "Suv hali ham oqyapti"})
    assert late.status_code == 409 and "within 30 days" in late.content.decode()
    response = resident_client.post(url, {"reason": "Suv hali ham oqyapti"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ASSIGNED and appeal.reopen_count == 1


def test_reopen_needs_a_reason(resident_client, world, submit):
    appeal = answered(world, submit())
    response = resident_client.post(reverse("appeals:reopen", args=[appeal.number]),
                                    {"reason": ""})
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.ANSWERED


def test_internal_comments_never_reach_the_resident(resident_client, world, submit):
    from mahalla.appeals.services.workflow import add_comment

    appeal = submit()
    add_comment(appeal=appeal, text="Ichki izoh: brigada ertaga", actor=world["dispatcher"])
    html = resident_client.get(reverse("appeals:detail", args=[appeal.number])).content.decode()
    assert "Ichki izoh" not in html


# Tracking link and photos ---------------------------------------------------------------------


def test_tracking_link_works_without_login_and_shows_no_names(client, world, submit):
    appeal = answered(world, submit(photos=[upload(jpeg_bytes())]))
    response = client.get(reverse("appeals:track", args=[appeal.tracking_token]))
    html = response.content.decode()
    assert response.status_code == 200 and appeal.number in html
    assert "Quvur almashtirildi." in html
    for person in ("resident", "dispatcher", "executor"):
        assert world[person].full_name not in html
        assert world[person].phone_display not in html
    photo_url = re.search(r'src="(/en/track/[^"]+/thumb/)"', html).group(1)
    photo = client.get(photo_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert client.get(reverse("appeals:track", args=["wrong-token"])).status_code == 404


def test_private_photos_are_for_the_author_and_staff_only(client, world, submit):
    appeal = submit(photos=[upload(jpeg_bytes())])
    photo = appeal.photos.get()
    url = reverse("appeals:photo", args=[photo.pk, "full"])
    assert client.get(url).status_code == 404
    client.force_login(world["neighbour"])
    assert client.get(url).status_code == 404
    client.force_login(world["resident"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    client.force_login(world["dispatcher"])
    assert client.get(reverse("appeals:photo", args=[photo.pk, "thumb"])).status_code == 200
    assert client.get(reverse("appeals:photo", args=[photo.pk, "huge"])).status_code == 404


def test_sending_is_rate_limited_per_address(client, world, settings):
    settings.APPEAL_SUBMIT_RATE = "2/h"
    statuses = [client.post(reverse("appeals:new"), form_data(idempotency_key=f"k{i}"))
                .status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Appeal.objects.count() == 2
