"""Where an appeal goes: its mahalla, else the district's or region's queue; outside the
country, nowhere. Outside systems' reports keep their source; devices repeat, not duplicate."""

from decimal import Decimal

import pytest
from django.test import override_settings

from mahalla.appeals.models import Appeal, AppealSource
from mahalla.appeals.services.submit import AppealDraft, SubmissionSource, submit_appeal
from mahalla.appeals.services.workflow import answer_appeal, close_appeal, reject_appeal, start_work
from mahalla.core.exceptions import DomainError
from mahalla.core.models import DomainEvent, Role
from mahalla.notify.models import OutboxMessage
from tests.factories import ApiKeyFactory, RegionFactory, UserFactory

SAMARKAND = ("39.654000", "66.960000")
EAST_OF_HOME = ("41.360000", "69.450000")  # 13 km from the nearest mahalla, same district


def report(**fields) -> Appeal:
    values = {"kind": "problem_report", "category": "roads",
              "text": "Yo'lda katta chuqur paydo bo'ldi, mashinalar shikastlanmoqda",
              "anonymous": True, "channel": Appeal.Channel.OPEN311}
    values.update(fields)
    return submit_appeal(draft=AppealDraft(**values), author=None)


def test_a_point_near_a_mahalla_goes_to_that_mahalla(world):
    appeal = report(latitude="41.360500", longitude="69.290500")
    assert appeal.mahalla == world["home"]
    assert appeal.district == world["district"] and appeal.region == world["district"].region


def test_a_point_far_from_every_mahalla_goes_to_the_district_queue(world):
    appeal = report(latitude=EAST_OF_HOME[0], longitude=EAST_OF_HOME[1])
    assert appeal.mahalla is None and appeal.district == world["district"]
    assert appeal.status == Appeal.Status.REGISTERED and appeal.organization is None
    told = OutboxMessage.objects.filter(kind="appeal.new").values_list("recipient", flat=True)
    assert list(told) == [world["official"].pk]
    assert "district queue" in str(appeal.place_name)


def test_a_district_queue_appeal_still_reaches_a_district_wide_service(world):
    appeal = report(category="water", latitude=EAST_OF_HOME[0], longitude=EAST_OF_HOME[1])
    assert appeal.mahalla is None and appeal.organization == world["water"]


def test_district_officials_work_their_district_queue_and_mahallas_do_not_see_it(world):
    from mahalla.appeals.permissions import visible_appeals

    appeal = report(latitude=EAST_OF_HOME[0], longitude=EAST_OF_HOME[1])
    assert appeal in visible_appeals(world["official"])
    assert appeal not in visible_appeals(world["chairman"])
    start_work(appeal=appeal, actor=world["official"])
    answer_appeal(appeal=appeal, text="Yo'l ta'mirlandi, chuqur yopildi.", actor=world["official"])
    close_appeal(appeal=Appeal.objects.get(pk=appeal.pk), actor=world["official"])
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.CLOSED


def test_a_point_with_no_mahalla_in_reach_goes_to_its_region(world):
    samarkand = RegionFactory(soato="1718")
    official = UserFactory(role=Role.REGION_OFFICIAL, region=samarkand)
    appeal = report(latitude=SAMARKAND[0], longitude=SAMARKAND[1])
    assert appeal.mahalla is None and appeal.district is None and appeal.region == samarkand
    assert list(OutboxMessage.objects.filter(kind="appeal.new")
                .values_list("recipient", flat=True)) == [official.pk]
    from mahalla.appeals.permissions import visible_appeals

    assert appeal in visible_appeals(official)
    assert appeal not in visible_appeals(world["official"])


def test_a_region_without_any_body_in_the_system_is_refused_clearly(world):
    with pytest.raises(DomainError) as refused:
        report(latitude=SAMARKAND[0], longitude=SAMARKAND[1])
    assert refused.value.field == "latitude"
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("point", [("38.560000", "68.780000"),   # Dushanbe
                                   ("42.320000", "69.590000"),   # Shymkent
                                   ("43.250000", "76.950000")])  # Almaty
def test_a_point_outside_uzbekistan_is_refused_and_nothing_is_stored(world, point):
    with pytest.raises(DomainError) as refused:
        report(latitude=point[0], longitude=point[1])
    assert refused.value.message == "The map point is outside Uzbekistan."
    assert not Appeal.objects.exists() and not DomainEvent.objects.exists()


def test_an_address_naming_district_and_mahalla_finds_the_mahalla(world):
    home = world["home"]
    address = f"{world['district'].name_uz}, {home.name_uz} MFY, 5-uy"
    appeal = report(address=address)
    assert appeal.mahalla == home


def test_an_address_in_cyrillic_finds_the_mahalla_too(world):
    home = world["home"]
    appeal = report(address=f"{home.name_uz_cyrl} маҳалласи, 12-уй")
    assert appeal.mahalla == home


def test_an_address_naming_only_the_district_goes_to_the_district_queue(world):
    appeal = report(address=f"{world['district'].name_ru}, ул. Навои 5")
    assert appeal.mahalla is None and appeal.district == world["district"]


def test_an_address_naming_nothing_known_is_refused(world):
    with pytest.raises(DomainError) as refused:
        report(address="Somewhere nice, house 5")
    assert refused.value.field == "address"


# --- sources and devices --------------------------------------------------------------------


def device_report(key, device="cam-17", point=("41.360100", "69.290100"), **fields):
    source = SubmissionSource(api_key=key, device_id=device)
    return report(latitude=point[0], longitude=point[1], source=source, **fields)


def test_the_source_of_an_outside_report_is_kept_privately(world):
    key = ApiKeyFactory(scopes=["open311.submit"])
    appeal = report(latitude="41.360100", longitude="69.290100", source=SubmissionSource(
        api_key=key, account_id="u-42", first_name="Aziza", last_name="Karimova",
        email="aziza@example.uz", phone="+998901234567"))
    source = AppealSource.objects.get(appeal=appeal)
    assert source.reporter_name == "Aziza Karimova" and source.api_key == key
    assert not source.machine_reported and source.token
    events = str(list(DomainEvent.objects.values("payload")))
    assert "Aziza" not in events and "aziza@example.uz" not in events


def test_a_device_repeating_a_report_at_one_place_is_counted_not_duplicated(world):
    key = ApiKeyFactory(scopes=["open311.submit"])
    first = device_report(key)
    again = device_report(key, point=("41.360150", "69.290150"))  # about 7 m away
    assert again.pk == first.pk and again.repeated_report
    source = AppealSource.objects.get(appeal=first)
    assert source.machine_reported and source.repeat_count == 1
    assert Appeal.objects.count() == 1
    assert first.steps.filter(action="repeated_report").exists()


def test_other_devices_places_and_closed_reports_make_new_appeals(world):
    key = ApiKeyFactory(scopes=["open311.submit"])
    first = device_report(key)
    assert device_report(key, device="cam-18").pk != first.pk
    assert device_report(key, point=("41.361000", "69.291000")).pk != first.pk  # 130 m
    assert device_report(ApiKeyFactory(scopes=["open311.submit"])).pk != first.pk
    reject_appeal(appeal=first, reason="Kamera noto'g'ri ishladi", actor=world["official"])
    assert device_report(key).pk != first.pk


def test_bad_source_fields_are_refused(world):
    for source, field in [(SubmissionSource(email="not-an-email"), "email"),
                          (SubmissionSource(device_id="cam 1; drop"), "device_id"),
                          (SubmissionSource(media_urls=["ftp://x/y.jpg"]), "media_url"),
                          (SubmissionSource(media_urls=["https://a/b.jpg"] * 6), "media_url")]:
        with pytest.raises(DomainError) as refused:
            report(latitude="41.360100", longitude="69.290100", source=source)
        assert refused.value.field == field
    assert not Appeal.objects.exists()


# --- photos by link ---------------------------------------------------------------------


@override_settings(OPEN311_MEDIA_ALLOW_PRIVATE=True)
def test_photos_named_by_link_are_fetched_and_attached(world, photo_server,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = report(latitude="41.360100", longitude="69.290100", source=SubmissionSource(
            media_urls=[f"{photo_server}/photo.jpg", f"{photo_server}/moved",
                        f"{photo_server}/missing.jpg"]))
    photos = list(appeal.photos.all())
    assert len(photos) == 1  # the redirect leads to the same picture; the missing one is skipped
    assert (photos[0].width, photos[0].height) == (120, 90)
    assert appeal.steps.filter(action="media_attached").count() == 1


def test_links_to_the_local_network_are_not_fetched(world, photo_server,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = report(latitude="41.360100", longitude="69.290100", source=SubmissionSource(
            media_urls=[f"{photo_server}/photo.jpg"]))
    assert not appeal.photos.exists()
    assert AppealSource.objects.get(appeal=appeal).media_urls == [f"{photo_server}/photo.jpg"]


def test_a_mahalla_less_appeal_is_listed_in_the_api_with_its_district(world):
    from django.test import Client

    appeal = report(latitude=EAST_OF_HOME[0], longitude=EAST_OF_HOME[1])
    client = Client()
    client.force_login(world["official"])
    body = client.get(f"/api/v1/appeals/{appeal.number}").json()
    assert body["mahalla"] is None
    assert body["district"]["soato"] == world["district"].soato
    assert body["region"]["soato"] == world["district"].region.soato
    page = client.get(f"/en/staff/appeals/{appeal.number}/")
    assert page.status_code == 200 and "district queue" in page.content.decode()


def test_decimal_points_work_like_strings(world):
    appeal = report(latitude=Decimal("41.360500"), longitude=Decimal("69.290500"))
    assert appeal.mahalla == world["home"]
