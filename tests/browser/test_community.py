"""Community in a real browser: a resident books a reception slot of their mahalla and posts
a comment in its discussion, which shows them under a pseudonym, never by name or phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from mahalla.core.models import Role, Verification
from mahalla.participation.community.models import Booking, Comment
from mahalla.participation.community.services import discussions, reception
from mahalla.participation.community.services.common import public_name
from tests.browser.test_appeal_flow import assert_accessible, log_in
from tests.factories import DistrictFactory, MahallaFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_resident_books_a_reception_slot_and_posts_a_comment(page, live_server):
    mahalla = MahallaFactory(district=DistrictFactory(), name_en="Navruz")
    resident = UserFactory(full_name="Aziza Karimova", mahalla=mahalla)
    Verification.objects.create(user=resident, method="phone")
    chairman = UserFactory(full_name="Bahodir Usmonov", role=Role.MAHALLA_CHAIRMAN,
                           mahalla=mahalla)
    start = timezone.now() + timedelta(days=2)
    slot = reception.publish_slot(host=chairman, kind="in_person", starts_at=start,
                                  ends_at=start + timedelta(minutes=30),
                                  place="Mahalla office, room 2", subject="Landscaping")
    topic = discussions.start_topic(mahalla=mahalla, title="Street lighting",
                                    body="Our street is dark at night; we need lamps.",
                                    author=chairman)
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security" in m.text else None)
    base = live_server.url

    # Booking: the free time is listed; the form opens, asks for the matter and consent.
    log_in(page, base, resident.phone)
    page.goto(f"{base}/en/participation/community/reception/")
    assert_accessible(page)
    card = page.locator(f"#slot-{slot.pk}")
    assert "Mahalla office, room 2" in card.inner_text()
    card.locator("summary", has_text="Book this time").click()
    card.get_by_label("What do you want to discuss?").fill(
        "The water pipe in our yard leaks every week.")
    card.get_by_label("I agree that if the matter needs action it is filed as my appeal.") \
        .check()
    card.get_by_role("button", name="Book").click()
    page.wait_for_url(re.compile(r"/en/participation/community/reception/$"))
    assert "The reception is booked" in page.locator("[role=status]").inner_text()
    booking = Booking.objects.get()
    assert booking.slot == slot and booking.resident == resident
    assert page.locator(".booking-card").count() == 1
    assert page.locator(".slot-card").count() == 0  # taken: no longer offered
    assert_accessible(page)

    # Commenting: the topic page takes the comment and shows its pseudonym only.
    page.goto(f"{base}/en/participation/community/topics/{topic.pk}/")
    assert_accessible(page)
    page.get_by_label("Your comment").fill("I support this, the corner by the school is dark.")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(rf"/en/participation/community/topics/{topic.pk}/#comment-\d+$"))
    comment = Comment.objects.get()
    shown = page.locator(f"#comment-{comment.pk}").inner_text()
    assert "the corner by the school is dark" in shown
    assert public_name(resident) in shown
    main = page.locator("main").inner_text()
    for secret in (resident.full_name, chairman.full_name, resident.phone_display,
                   resident.phone):
        assert secret not in main
    assert "Mahalla chairman" in main  # staff speak in office
    assert_accessible(page)
    assert violations == []
