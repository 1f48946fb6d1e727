"""The community pages and /api/v1/community: public pages carry no personal data, each
form reaches its service, refusals are 403/404 with nothing changed, lists are paginated."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from mahalla.core.models import Role
from mahalla.participation.community.models import Booking, Comment, DiscussionBlock, Topic
from mahalla.participation.community.services import discussions, reception
from mahalla.participation.community.services.common import public_name
from tests.factories import UserFactory


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def personal_data(*users) -> list[str]:
    found = []
    for user in users:
        found += [user.full_name, user.phone, user.phone_display, user.phone[4:]]
    return [value for value in found if value]


# --- public pages ---------------------------------------------------------------------------

def test_public_discussion_pages_show_pseudonyms_never_names_or_phones(people, topic):
    resident, chairman = people["phoned"], people["chairman"]
    first = discussions.post_comment(topic=topic, body="Fikrim bor", author=resident)
    discussions.post_comment(topic=topic, body="Javobim", author=chairman, parent_id=first.pk)
    anonymous = client_for()
    pages = [
        anonymous.get(reverse("community:topics", args=[people["home"].pk])),
        anonymous.get(reverse("community:topic", args=[topic.pk])),
        anonymous.get(f"/api/v1/community/topics?mahalla_id={people['home'].pk}"),
        anonymous.get(f"/api/v1/community/topics/{topic.pk}"),
        client_for(people["verified"]).get(reverse("community:topic", args=[topic.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for value in personal_data(resident, chairman):
            assert value not in text, value
    # The page was reversed under the tests' English; the API answers in the default Uzbek.
    with translation.override("en"):
        on_page = public_name(resident)
    with translation.override("uz"):
        in_api = public_name(resident)
    page = pages[1].content.decode()
    assert on_page in page
    assert on_page.split("#")[1] in page
    detail = pages[3].json()
    assert detail["comments"][0]["author"] == in_api
    assert set(detail["comments"][0]) == {"id", "parent_id", "depth", "author", "body",
                                          "hidden", "hidden_reason", "created_at", "replies"}
    assert detail["comments"][0]["replies"][0]["body"] == "Javobim"


def test_a_pseudonym_is_stable_and_distinct(people):
    a, b = people["phoned"], people["verified"]
    assert public_name(a) == public_name(a) != public_name(b)
    assert public_name(people["chairman"]) != public_name(a)


def test_hidden_comment_text_is_withheld_from_the_public_but_not_the_moderator(people, topic):
    comment = discussions.post_comment(topic=topic, body="Maxfiy matn 12345",
                                       author=people["phoned"])
    discussions.moderate_comment(comment=comment, actor=people["chairman"], hide=True,
                                 reason="Qoidaga zid")
    url = reverse("community:topic", args=[topic.pk])
    public = client_for().get(url).content.decode()
    assert "Maxfiy matn 12345" not in public and "Qoidaga zid" in public
    api = client_for().get(f"/api/v1/community/topics/{topic.pk}").json()
    assert api["comments"][0]["body"] is None and api["comments"][0]["hidden"] is True
    moderator = client_for(people["chairman"]).get(url).content.decode()
    assert "Maxfiy matn 12345" in moderator


def test_a_hidden_topic_is_gone_for_the_public(people, topic):
    discussions.moderate_topic(topic=topic, actor=people["chairman"], status="hidden",
                               reason="Takroriy mavzu")
    assert client_for().get(reverse("community:topic", args=[topic.pk])).status_code == 404
    assert client_for().get(f"/api/v1/community/topics/{topic.pk}").status_code == 404
    assert client_for(people["chairman"]).get(
        reverse("community:topic", args=[topic.pk])).status_code == 200


def test_topics_and_comments_are_paginated(people):
    home = people["home"]
    for i in range(23):
        Topic.objects.create(mahalla=home, title=f"Mavzu {i}", body="Matn matn matn",
                             author=people["chairman"], author_role="mahalla_chairman")
    first = client_for().get(reverse("community:topics", args=[home.pk]))
    second = client_for().get(reverse("community:topics", args=[home.pk]) + "?page=2")
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 3
    api = client_for().get(f"/api/v1/community/topics?mahalla_id={home.pk}&page=2").json()
    assert len(api) == 3
    assert client_for().get(f"/api/v1/community/topics?mahalla_id={home.pk}&page=x") \
        .status_code == 400
    topic = Topic.objects.first()
    for i in range(25):
        Comment.objects.create(topic=topic, author=people["phoned"], body=f"Fikr {i}")
    for comment in Comment.objects.filter(topic=topic):
        comment.root_id = comment.pk
        comment.save(update_fields=["root"])
    detail = client_for().get(f"/api/v1/community/topics/{topic.pk}?page=2").json()
    assert detail["pages"] == 2 and len(detail["comments"]) == 5


def test_the_topic_page_reads_in_few_queries(people, topic, django_assert_max_num_queries):
    for i in range(10):
        parent = discussions.post_comment(topic=topic, body=f"Fikr {i}", author=people["phoned"])
        discussions.post_comment(topic=topic, body="Javob", author=people["verified"],
                                 parent_id=parent.pk)
    with django_assert_max_num_queries(12):
        assert client_for().get(reverse("community:topic", args=[topic.pk])).status_code == 200


# --- discussion forms -----------------------------------------------------------------------

def test_a_resident_comments_and_replies_through_the_page(people, topic):
    client = client_for(people["phoned"])
    url = reverse("community:comment", args=[topic.pk])
    response = client.post(url, {"body": "Sahifadan yozdim"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response.headers["Location"].endswith(f"#comment-{comment.pk}")
    client.post(url, {"body": "Javob ham yozdim", "parent": comment.pk})
    assert Comment.objects.filter(parent=comment).count() == 1
    bad = client.post(url, {"body": ""})
    assert bad.status_code == 400 and "body" in bad.context["comment_form"].errors


def test_refused_comments_are_403_and_store_nothing(people, topic):
    response = client_for(people["stranger"]).post(reverse("community:comment", args=[topic.pk]),
                                                   {"body": "Begona mahalladan"})
    assert response.status_code == 403
    api = client_for(people["stranger"]).post(
        f"/api/v1/community/topics/{topic.pk}/comments", data=json.dumps({"body": "Begona"}),
        content_type="application/json")
    assert api.status_code == 403 and api.json()["error"]
    assert not Comment.objects.exists()


def test_topics_start_through_page_and_api(people):
    home = people["home"]
    response = client_for(people["verified"]).post(
        reverse("community:topic_new", args=[home.pk]),
        {"title": "Yangi mavzu", "body": "Mavzu matni shu yerda"})
    assert response.status_code == 302
    assert client_for(people["phoned"]).get(
        reverse("community:topic_new", args=[home.pk])).status_code == 403
    api = client_for(people["chairman"]).post(
        f"/api/v1/community/mahallas/{home.pk}/topics",
        data=json.dumps({"title": "API mavzu", "body": "API orqali ochildi"}),
        content_type="application/json")
    assert api.status_code == 201 and api.json()["author"] == str(Role.MAHALLA_CHAIRMAN.label)
    bad = client_for(people["chairman"]).post(
        f"/api/v1/community/mahallas/{home.pk}/topics", data=json.dumps({"title": "Qisqa"}),
        content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "body"
    assert Topic.objects.count() == 2


def test_report_moderate_and_block_through_pages(people, topic):
    comment = discussions.post_comment(topic=topic, body="Yomon gap", author=people["phoned"])
    client_for(people["verified"]).post(reverse("community:report", args=[comment.pk]),
                                        {"reason": "abuse"})
    assert comment.reports.count() == 1
    moderator = client_for(people["chairman"])
    queue = moderator.get(reverse("community:moderation"))
    assert queue.status_code == 200 and "Yomon gap" in queue.content.decode()
    # The other mahalla's chairman neither sees nor hides it.
    other = client_for(people["other_chairman"])
    assert "Yomon gap" not in other.get(reverse("community:moderation")).content.decode()
    assert other.post(reverse("community:moderate_comment", args=[comment.pk]),
                      {"reason": "Sabab"}).status_code == 404
    moderator.post(reverse("community:moderate_comment", args=[comment.pk]),
                   {"reason": "Haqorat", "back": "queue"})
    comment.refresh_from_db()
    assert comment.is_hidden
    response = moderator.post(reverse("community:moderation"),
                              {"comment": comment.pk, "days": 7, "reason": "Haqorat"})
    assert response.status_code == 302
    block = DiscussionBlock.objects.get()
    assert block.user == people["phoned"]
    assert client_for(people["phoned"]).get(reverse("community:moderation")).status_code == 403
    api = client_for(people["phoned"]).post(
        "/api/v1/community/blocks", data=json.dumps({"comment_id": comment.pk, "days": 1,
                                                      "reason": "Qasos"}),
        content_type="application/json")
    assert api.status_code == 403
    moderator.post(reverse("community:lift_block", args=[block.pk]))
    block.refresh_from_db()
    assert block.lifted_at is not None


def test_the_rules_page_names_the_limits(people, settings):
    settings.COMMUNITY_TOPICS_PER_DAY = 4
    response = client_for().get(reverse("community:rules"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response.context["topic_limit"] == 4


# --- reception pages and API ----------------------------------------------------------------

def test_booking_and_cancelling_through_the_page(people, slot):
    client = client_for(people["phoned"])
    page = client.get(reverse("community:reception"))
    assert slot in page.context["slots"]
    text = page.content.decode()
    assert slot.host_role_label in text and "mahalla_chairman" not in text
    bad = client.post(reverse("community:book", args=[slot.pk]), {"matter": "Suv haqida gap"})
    assert bad.status_code == 400 and "consent" in bad.context["booking_form"].errors
    client.post(reverse("community:book", args=[slot.pk]),
                {"matter": "Suv quvuri haqida gaplashmoqchiman", "consent": "on"})
    booking = Booking.objects.get()
    assert client_for(people["verified"]).get(reverse("community:reception")) \
        .context["slots"] == []
    assert client_for(people["verified"]).get(
        reverse("community:reception_booking", args=[booking.pk])).status_code == 404
    assert client_for(people["chairman"]).get(
        reverse("community:reception_booking", args=[booking.pk])).status_code == 200
    client.post(reverse("community:cancel_booking", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_the_other_mahallas_resident_cannot_book(people, slot):
    response = client_for(people["stranger"]).post(
        reverse("community:book", args=[slot.pk]),
        {"matter": "Suv quvuri haqida gaplashmoqchiman", "consent": "on"})
    assert response.status_code == 404
    api = client_for(people["stranger"]).post(
        f"/api/v1/community/reception/slots/{slot.pk}/bookings",
        data=json.dumps({"matter": "Suv quvuri haqida", "consent": True}),
        content_type="application/json")
    assert api.status_code == 404 and not Booking.objects.exists()


def test_officials_publish_and_record_outcomes_through_pages(people):
    client = client_for(people["chairman"])
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0,
                                                                          microsecond=0)
    response = client.post(reverse("community:staff_slots"), {
        "kind": "in_person", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Idora", "subject": ""})
    assert response.status_code == 302
    slot = reception.ReceptionSlot.objects.get()
    assert slot.mahalla == people["home"]
    bad = client.post(reverse("community:staff_slots"), {
        "kind": "video", "starts_at": "ertaga", "ends_at": "", "video_url": ""})
    assert bad.status_code == 400
    booking = reception.book_slot(slot=slot, resident=people["phoned"],
                                  matter="Suv quvuri haqida gaplashmoqchiman", consent=True)
    # The outcome waits for the reception to start.
    too_early = client.post(reverse("community:outcome", args=[booking.pk]),
                            {"outcome": "resolved", "note": "Joyida hal qilindi"})
    assert too_early.status_code == 409
    assert client_for(people["other_chairman"]).get(
        reverse("community:staff_slot", args=[slot.pk])).status_code == 404
    assert client_for(people["phoned"]).get(reverse("community:staff_slots")).status_code == 403


def test_api_publish_book_and_outcome(people):
    start = timezone.now() + timedelta(days=1)
    official = client_for(people["official"])
    made = official.post("/api/v1/community/reception/staff/slots", data=json.dumps({
        "kind": "video", "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=20)).isoformat(),
        "video_url": "https://video.example.uz/r/1"}), content_type="application/json")
    assert made.status_code == 201, made.content
    slot_id = made.json()["id"]
    resident = client_for(people["stranger"])  # same district: may book a district slot
    assert [s["id"] for s in resident.get("/api/v1/community/reception/slots").json()] == \
        [slot_id]
    booked = resident.post(f"/api/v1/community/reception/slots/{slot_id}/bookings",
                           data=json.dumps({"matter": "Yoʻl taʼmiri haqida", "consent": True}),
                           content_type="application/json")
    assert booked.status_code == 201
    again = client_for(people["phoned"]).post(
        f"/api/v1/community/reception/slots/{slot_id}/bookings",
        data=json.dumps({"matter": "Men ham shu vaqtni xohlayman", "consent": True}),
        content_type="application/json")
    assert again.status_code in (404, 409)
    refused = client_for(people["phoned"]).post(
        f"/api/v1/community/reception/bookings/{booked.json()['id']}/outcome",
        data=json.dumps({"outcome": "resolved", "note": "Begona odam"}),
        content_type="application/json")
    assert refused.status_code == 403
    mine = resident.get("/api/v1/community/reception/bookings").json()
    assert mine[0]["status"] == "booked"


def test_api_rejects_malformed_input_with_400(people, slot):
    client = client_for(people["phoned"])
    response = client.post(f"/api/v1/community/reception/slots/{slot.pk}/bookings",
                           data="{not json", content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"/api/v1/community/reception/slots/{slot.pk}/bookings",
                           data=json.dumps({"matter": ["a"], "consent": True}),
                           content_type="application/json")
    assert response.status_code == 400
    assert not Booking.objects.exists()


# --- ratings pages --------------------------------------------------------------------------

def test_the_public_ratings_page_and_api(people, settings):
    settings.RATINGS_MIN_COUNT = 7
    page = client_for().get(reverse("community:ratings"))
    assert page.status_code == 200 and page.context["ratings"]["threshold"] == 7
    api = client_for().get("/api/v1/community/ratings/published").json()
    assert api["threshold"] == 7


def test_rating_through_the_page(people, slot, book):
    booking = book(slot)
    reception.record_outcome(booking=booking, actor=people["chairman"], outcome="resolved",
                             note="Joyida hal qilindi", now=slot.starts_at + timedelta(minutes=1))
    client = client_for(people["phoned"])
    page = client.get(reverse("community:ratings_mine"))
    assert page.context["rateable"]["bookings"] == [booking]
    bad = client.post(reverse("community:ratings_mine"),
                      {"interaction": "reception", "object_id": booking.pk, "score": 9})
    assert bad.status_code == 400
    ok = client.post(reverse("community:ratings_mine"),
                     {"interaction": "reception", "object_id": booking.pk, "score": 4})
    assert ok.status_code == 302
    twice = client_for(people["phoned"]).post(
        "/api/v1/community/ratings", data=json.dumps({"interaction": "reception",
                                                       "object_id": booking.pk, "score": 2}),
        content_type="application/json")
    assert twice.status_code == 409


@pytest.mark.parametrize("name", ["community:index", "community:rules", "community:ratings"])
def test_public_pages_answer_anonymous_visitors(db, name):
    assert client_for().get(reverse(name)).status_code == 200


def test_a_resident_without_a_mahalla_sees_no_slots(people, slot):
    homeless = UserFactory()
    assert client_for(homeless).get(reverse("community:reception")).context["slots"] == []


def test_pages_render_in_the_default_language(people, topic, slot):
    """Without a prefix the pages speak Uzbek (Latin); they render with every block."""
    anonymous = client_for()
    for path in ("/participation/community/", "/participation/community/rules/",
                 f"/participation/community/mahalla/{people['home'].pk}/",
                 f"/participation/community/topics/{topic.pk}/",
                 "/participation/community/ratings/"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == "uz"
    resident = client_for(people["phoned"])
    assert resident.get("/participation/community/reception/").status_code == 200
    chairman = client_for(people["chairman"])
    for path in ("/participation/community/reception/staff/",
                 f"/participation/community/reception/staff/slots/{slot.pk}/",
                 "/participation/community/moderation/"):
        assert chairman.get(path).status_code == 200, path
