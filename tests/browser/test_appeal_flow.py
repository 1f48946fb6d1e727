"""The whole life of a problem report in a real browser: sent with a photo and a map point,
assigned and answered by the utility's dispatcher, rated by the resident."""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image

from mahalla.appeals.models import Appeal
from mahalla.core.models import Organization, Role, ServiceArea
from tests.factories import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    MahallaFactory,
    OrganizationFactory,
    UserFactory,
)

ACCESSIBILITY_CHECK = """() => {
  const problems = [];
  if (document.querySelectorAll('main').length !== 1) problems.push('main landmarks');
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count');
  let previous = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) problems.push('heading jump to ' + h.textContent);
    previous = level;
  }
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.closest('[hidden]')) continue;
    if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
      problems.push('no label: ' + (el.name || el.id));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('img without alt');
  }
  return problems;
}"""


def assert_accessible(page):
    assert page.evaluate(ACCESSIBILITY_CHECK) == []


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def log_in(page, base, phone):
    page.goto(f"{base}/en/login/")
    page.get_by_label("Phone number").fill(phone)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/en/profile/$"))


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/en/$"))


def open_action(page, label):
    action = page.locator("details.action").filter(
        has=page.locator("summary", has_text=label))
    action.locator("summary").click()
    return action


@pytest.mark.django_db(transaction=True)
def test_report_is_sent_assigned_answered_and_rated(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    district = DistrictFactory()
    MahallaFactory(district=district, latitude=Decimal("41.36"), longitude=Decimal("69.29"))
    water = OrganizationFactory(district=district, kind=Organization.Kind.UTILITY,
                                name_en="Water utility")
    ServiceArea.objects.create(organization=water, category="water", district=district)
    resident = UserFactory(full_name="Aziza Karimova")
    dispatcher = UserFactory(role=Role.ORG_DISPATCHER, organization=water)
    executor = UserFactory(role=Role.ORG_EXECUTOR, organization=water,
                           full_name="Sardor Aliyev")
    base = live_server.url

    # The resident sends a problem report with a photo and a map point.
    log_in(page, base, resident.phone)
    page.goto(f"{base}/en/appeals/new/")
    assert_accessible(page)
    page.get_by_label("Problem report").check()
    page.get_by_label("Category").select_option("water")
    page.get_by_label("Describe the matter").fill("Koʻchada suv quvuri yorilib, suv oqmoqda")
    page.get_by_label("Latitude").fill("41.360100")
    page.get_by_label("Longitude").fill("69.290100")
    page.get_by_label("Add photos").set_input_files(
        [{"name": "leak.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.get_by_label(re.compile("I agree to the processing")).check()
    page.get_by_role("button", name="Send the appeal").click()
    page.wait_for_url(re.compile(r"/en/appeals/sent/$"))
    number = page.locator(".appeal-number").inner_text()
    assert re.fullmatch(r"MAH-\d{4}-\d{6}", number)
    assert "/track/" in page.locator("#track-url").inner_text()
    assert_accessible(page)
    log_out(page)

    # The water utility's dispatcher finds it in the queue, assigns it and answers.
    log_in(page, base, dispatcher.phone)
    page.goto(f"{base}/en/staff/appeals/")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(rf"/en/staff/appeals/{number}/$"))
    assert page.locator(".photo-grid img").count() == 1
    assign = open_action(page, "Assign an executor")
    assign.get_by_label("Executor").select_option(
        label="Sardor Aliyev · Organization executor")
    assign.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/staff/appeals/{number}/$"))
    assert "The executor was assigned." in page.locator("body").inner_text()
    answer = open_action(page, "Answer the applicant")
    answer.get_by_label("Answer to the applicant").fill("Quvur almashtirildi, suv bor.")
    answer.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/staff/appeals/{number}/$"))
    assert_accessible(page)
    assert Appeal.objects.get(number=number).status == Appeal.Status.ANSWERED
    log_out(page)

    # The resident reads the answer and rates it 5: the appeal is closed.
    log_in(page, base, resident.phone)
    page.goto(f"{base}/en/appeals/")
    page.get_by_role("link", name=number).click()
    assert "Quvur almashtirildi, suv bor." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("5 — excellent").check()
    page.get_by_label("Comment").fill("Tez tuzatishdi, rahmat!")
    page.get_by_role("button", name="Send the rating").click()
    page.wait_for_url(re.compile(rf"/en/appeals/{number}/$"))
    assert "Your rating: 5 of 5" in page.locator("main").inner_text()
    assert "Closed" in page.locator(".status-line").inner_text()
    appeal = Appeal.objects.get(number=number)
    assert appeal.status == Appeal.Status.CLOSED and appeal.rating == 5
    assert appeal.executor == executor and appeal.photos.count() == 1


@pytest.mark.django_db(transaction=True)
def test_map_picker_nearby_reports_and_public_map(page, live_server, settings, tmp_path):
    """With a tile server (here: our own origin) the map fills the point, HTMX offers the
    open report nearby, and the public map shows moderated reports; CSP is never violated."""
    from mahalla.appeals.services.submit import AppealDraft, submit_appeal
    from mahalla.appeals.services.workflow import moderate_appeal

    settings.MEDIA_ROOT = tmp_path
    settings.MAP_TILE_URL = live_server.url + "/static/vendor/leaflet/images/layers.png?{z}/{x}/{y}"
    district = DistrictFactory()
    MahallaFactory(district=district, latitude=Decimal("41.3111"), longitude=Decimal("69.2797"))
    water = OrganizationFactory(district=district)
    ServiceArea.objects.create(organization=water, category="water", district=district)
    dispatcher = UserFactory(role=Role.ORG_DISPATCHER, organization=water)
    resident = UserFactory()
    existing = submit_appeal(draft=AppealDraft(
        kind="problem_report", category="water", text="Suv quvuri yorilgan, suv oqmoqda",
        latitude="41.3111", longitude="69.2797", consent=True), author=UserFactory())
    moderate_appeal(appeal=existing, publish=True, actor=dispatcher)
    violations = []
    # Our pages only: htmx in base.html needs its config there too (see static/js/appeals.js).
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text
            and ("/appeals/" in page.url or "/map/" in page.url) else None)

    log_in(page, live_server.url, resident.phone)
    page.goto(f"{live_server.url}/en/appeals/new/")
    page.get_by_label("Category").select_option("water")
    page.locator("#picker-map").click()  # the centre of the map: Tashkent
    assert page.get_by_label("Latitude").input_value().startswith("41.31")
    page.locator("#nearby").get_by_text(existing.number).wait_for()
    page.get_by_role("button", name="Me too — support this report").click()
    page.locator("#nearby").get_by_text("you support report").wait_for()

    page.goto(f"{live_server.url}/en/map/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.locator(".leaflet-marker-icon").click()
    assert existing.number in page.locator(".leaflet-popup-content").inner_text()
    assert violations == []
