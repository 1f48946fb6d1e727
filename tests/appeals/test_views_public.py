"""Public pages: the problem map, its JSON, one public report, public photos."""

import json

import pytest
from django.urls import reverse

from mahalla.appeals.models import Appeal, AppealSupport
from mahalla.appeals.services.workflow import moderate_appeal
from tests.appeals.conftest import jpeg_bytes, upload

PUBLIC_FIELDS = {"number", "category", "category_label", "status", "status_label", "latitude",
                 "longitude", "text", "supporters", "url"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded photos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(world, submit):
    """A moderated report with two photos, one of them public; the author has a full name."""
    appeal = submit(photos=[upload(jpeg_bytes()), upload(jpeg_bytes(color=(9, 9, 9)))],
                    address="Mustaqillik koʻchasi 12, 5-xonadon")
    first = appeal.photos.first()
    moderate_appeal(appeal=appeal, publish=True, actor=world["dispatcher"],
                    public_photo_ids=[first.pk])
    appeal.refresh_from_db()
    return appeal


def personal_data(world):
    people = [world[name] for name in ("resident", "dispatcher", "executor")]
    return [p.full_name for p in people] + [p.phone for p in people] + \
        [p.phone_display for p in people] + ["Mustaqillik koʻchasi 12"]


def test_map_lists_only_published_reports_without_personal_data(client, world, submit,
                                                                 published):
    private = submit(author="neighbour")
    html = client.get(reverse("appeals:map")).content.decode()
    assert published.number in html and private.number not in html
    for value in personal_data(world):
        assert value not in html
    assert html.count("<main") == 1


def test_map_without_tiles_shows_the_list_and_a_notice(client, settings, published):
    settings.MAP_TILE_URL = ""
    html = client.get(reverse("appeals:map")).content.decode()
    assert "The map is not available" in html and "leaflet.js" not in html
    assert published.number in html


def test_map_with_tiles_loads_leaflet_from_our_static_files(client, settings, published):
    settings.MAP_TILE_URL = "https://tiles.example.uz/{z}/{x}/{y}.png"
    html = client.get(reverse("appeals:map")).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert 'data-tile-url="https://tiles.example.uz/{z}/{x}/{y}.png"' in html
    assert published.number in html  # the list is always there


def test_map_filters_by_category(client, world, published, submit):
    gas = submit(category="gas")
    moderate_appeal(appeal=gas, publish=True, actor=world["gas_dispatcher"])
    html = client.get(reverse("appeals:map"), {"category": "gas"}).content.decode()
    assert gas.number in html and published.number not in html
    assert client.get(reverse("appeals:map"), {"category": "<x>"}).status_code == 200


def test_map_json_has_only_public_fields(client, world, published, submit):
    submit(author="neighbour")
    response = client.get(reverse("appeals:map_json"))
    data = json.loads(response.content)
    assert [r["number"] for r in data["reports"]] == [published.number]
    assert set(data["reports"][0]) == PUBLIC_FIELDS
    for value in personal_data(world):
        assert value not in response.content.decode()
    assert data["reports"][0]["latitude"] == pytest.approx(41.36)


def test_public_report_page(client, world, published, submit):
    response = client.get(reverse("appeals:public_report", args=[published.number]))
    html = response.content.decode()
    assert response.status_code == 200 and published.text in html
    for value in personal_data(world):
        assert value not in html
    public_photo, private_photo = published.photos.all()
    assert reverse("appeals:photo", args=[public_photo.pk, "thumb"]) in html
    assert reverse("appeals:photo", args=[private_photo.pk, "thumb"]) not in html
    assert "Log in to say" in html
    hidden = submit(author="neighbour")
    assert client.get(reverse("appeals:public_report", args=[hidden.number])).status_code == 404
    assert client.get(reverse("appeals:public_report", args=["MAH-0000-1"])).status_code == 404


def test_public_photo_is_open_to_all_and_the_rest_stay_private(client, published):
    public_photo, private_photo = published.photos.all()
    response = client.get(reverse("appeals:photo", args=[public_photo.pk, "full"]))
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert client.get(reverse("appeals:photo", args=[private_photo.pk, "full"])) \
        .status_code == 404


def test_unpublishing_hides_photos_again(client, world, published):
    moderate_appeal(appeal=published, publish=False, actor=world["dispatcher"])
    photo = published.photos.first()
    assert client.get(reverse("appeals:photo", args=[photo.pk, "thumb"])).status_code == 404
    assert client.get(reverse("appeals:public_report", args=[published.number])) \
        .status_code == 404


def test_logged_in_resident_says_me_too_on_the_public_page(client, world, published):
    client.force_login(world["neighbour"])
    url = reverse("appeals:public_report", args=[published.number])
    assert "Me too" in client.get(url).content.decode()
    response = client.post(reverse("appeals:support", args=[published.number]))
    assert response.status_code == 302 and response["Location"] == url
    assert AppealSupport.objects.filter(appeal=published, user=world["neighbour"]).exists()
    html = client.get(url).content.decode()
    assert "You support this report." in html


def test_the_author_and_staff_get_no_me_too_button(client, world, published):
    url = reverse("appeals:public_report", args=[published.number])
    client.force_login(world["resident"])
    assert "Me too" not in client.get(url).content.decode()
    client.force_login(world["dispatcher"])
    assert "Me too" not in client.get(url).content.decode()


def test_closed_reports_cannot_be_supported(client, world, published):
    Appeal.objects.filter(pk=published.pk).update(status=Appeal.Status.CLOSED)
    client.force_login(world["neighbour"])
    response = client.post(reverse("appeals:support", args=[published.number]))
    assert response.status_code == 400
    assert "Only open problem reports" in response.content.decode()
    assert not AppealSupport.objects.exists()
