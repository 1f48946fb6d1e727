"""Done when: a client lists services, posts a request with a photo link and follows it through
the staff workflow until it is closed."""

from django.test import Client, override_settings

from mahalla.appeals.models import Appeal, AppealPhoto
from mahalla.appeals.services import workflow
from tests.open311.conftest import get, post, read, report_fields
from tests.open311.conftest import stored as as_stored
from tests.open311.spec import POST_RESPONSE_REALTIME, REQUEST_FIELDS


@override_settings(OPEN311_MEDIA_ALLOW_PRIVATE=True)
def test_a_request_from_list_to_closed(world, api_key, photo_server,
                                       django_capture_on_commit_callbacks):
    client = Client(headers={"Accept-Language": "en"})
    photo_url = f"{photo_server}/photo.jpg"

    # 1. The client learns the services and the questions of "water".
    services = read(get(client, "services", "xml"), "xml", "services")
    water = next(s for s in services if s["service_code"] == "water")
    assert water["metadata"] == "true"
    questions = read(get(client, "services/water", "xml"), "xml")["attributes"]
    required = [q for q in questions if q["required"] == "true"]
    assert [q["code"] for q in required] == ["problem"]

    # 2. It posts a request with a photo link; the photo is fetched after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "xml", report_fields(
            api_key, media_url=photo_url, first_name="Dilnoza", email="dilnoza@example.org",
            **{"attribute[problem]": required[0]["values"][2]["key"]}))
    assert response.status_code == 200, response.content
    [answer] = read(response, "xml", "service_requests")
    assert tuple(answer) == POST_RESPONSE_REALTIME
    number = answer["service_request_id"]
    appeal = Appeal.objects.get(number=number)
    photo = appeal.photos.get()

    def follow() -> dict:
        response = get(client, f"requests/{number}", "json")
        assert response.status_code == 200
        [row] = read(response, "json", "service_requests")
        assert tuple(row) == REQUEST_FIELDS
        assert "Dilnoza" not in response.content.decode()
        return row

    row = follow()
    assert (row["status"], row["status_notes"]) == ("open", "Registered")
    assert row["description"] is None and row["media_url"] is None  # not published yet

    # 3. Staff publish it with the photo, then work it.
    dispatcher, executor = world["dispatcher"], world["executor"]
    workflow.moderate_appeal(appeal=appeal, publish=True, actor=dispatcher,
                             public_photo_ids=[photo.pk])
    row = follow()
    assert as_stored("Leak or burst pipe") in row["description"]
    assert (row["lat"], row["long"]) == (41.36, 69.29)
    assert row["media_url"] == (f"http://testserver/api/v1/appeals/{number}/photos/{photo.pk}")
    image = client.get(row["media_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"

    workflow.assign_appeal(appeal=appeal, executor=executor, actor=dispatcher)
    assert follow()["status_notes"] == "Assigned"
    workflow.start_work(appeal=appeal, actor=executor)
    row = follow()
    assert (row["status"], row["status_notes"]) == ("open", "In progress")

    workflow.answer_appeal(appeal=appeal, text="Quvur almashtirildi, suv bor.", actor=executor)
    row = follow()
    assert (row["status"], row["status_notes"]) == ("closed", "Quvur almashtirildi, suv bor.")

    workflow.close_appeal(appeal=appeal, actor=dispatcher)
    row = follow()
    appeal.refresh_from_db()
    assert row["status"] == "closed"
    assert row["status_notes"] == "Quvur almashtirildi, suv bor."
    assert row["updated_datetime"] == read(get(client, "requests", "json", status="closed"),
                                           "json")[0]["updated_datetime"]
    assert AppealPhoto.objects.filter(appeal=appeal).count() == 1
