"""An e-service end to end in a real browser: a resident applies for a certificate of
residence, the mahalla chairman approves it, the resident downloads the signed PDF and opens
the verification page from the address in the document's QR code, which says "Valid"."""

import importlib.util
import re

import pytest

from mahalla.core.models import Role
from mahalla.documents.models import Application
from tests.browser.test_appeal_flow import assert_accessible, log_in, log_out, open_action
from tests.documents.edocs import (
    development_pki_dir,
    ensure_shipped_services,
    use_documents_settings,
)
from tests.factories import DistrictFactory, MahallaFactory, UserFactory

ISSUING = importlib.util.find_spec("mahalla.documents.issuing.services") is not None


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory):
    return development_pki_dir(tmp_path_factory)


def verification_url(pdf: bytes) -> str:
    """The address a phone reads from the QR code printed on the document."""
    import zxingcpp

    from tests.documents.issuing.pdftools import images

    for image in images(pdf):
        for found in zxingcpp.read_barcodes(image):
            if "/documents/v/" in found.text:
                return found.text
    raise AssertionError("no verification QR code in the PDF")


@pytest.mark.skipif(not ISSUING, reason="the issuing module is not installed yet")
@pytest.mark.django_db(transaction=True)
def test_resident_gets_a_certificate_and_anyone_can_verify_it(page, live_server, settings,
                                                             tmp_path, pki_dir):
    use_documents_settings(settings, tmp_path, pki_dir)
    settings.SITE_URL = live_server.url  # the address printed in the QR code
    ensure_shipped_services()
    mahalla = MahallaFactory(district=DistrictFactory(), name_en="Navruz")
    resident = UserFactory(full_name="Aziza Karimova", mahalla=mahalla)
    chairman = UserFactory(full_name="Bahodir Usmonov", role=Role.MAHALLA_CHAIRMAN,
                           mahalla=mahalla)
    base = live_server.url

    # The resident finds the service in the catalogue; name and phone come from the profile.
    log_in(page, base, resident.phone)
    page.get_by_role("link", name="E-services").click()
    page.wait_for_url(re.compile(r"/en/services/$"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Apply — Certificate of residence")).click()
    page.wait_for_url(re.compile(r"/en/services/residence_certificate/apply/$"))
    assert_accessible(page)
    assert page.get_by_label("Full name").input_value() == "Aziza Karimova"
    assert page.get_by_label("Phone number").input_value() == resident.phone_display
    page.get_by_label("Date of birth").fill("1990-02-01")
    page.get_by_label("Home address (street, house, flat)").fill("Bunyodkor ko'chasi, 12-uy")
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_url(re.compile(r"/en/services/mine/ARZ-\d{4}-\d{6}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert "Registered" in page.locator(".status-line").inner_text()
    assert "Bunyodkor koʻchasi, 12-uy" in page.locator("main").inner_text()  # ʻ unified
    assert_accessible(page)
    log_out(page)

    # The chairman approves it from the queue: the document is issued at once.
    log_in(page, base, chairman.phone)
    page.goto(f"{base}/en/services/staff/")
    assert_accessible(page)
    page.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(rf"/en/services/staff/{number}/$"))
    assert_accessible(page)
    approve = open_action(page, "Approve")
    approve.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/services/staff/{number}/$"))
    assert "Document issued" in page.locator(".status-line").inner_text()
    log_out(page)
    application = Application.objects.get(number=number)
    assert application.status == Application.Status.ISSUED

    # The resident downloads the signed PDF from the application's page.
    log_in(page, base, resident.phone)
    page.get_by_role("link", name="E-services").click()
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("link", name=number).click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert download.value.suggested_filename == f"{application.document_number}.pdf"
    log_out(page)

    # Anyone who scans the QR code sees that the document is valid.
    url = verification_url(pdf)
    assert url.startswith(f"{base}/documents/v/{application.document_number}/")
    page.goto(url)
    result = page.locator("main").inner_text()
    assert "Valid" in result or "Haqiqiy" in result
    assert application.document_number in result
    assert "Yashash joyi toʻgʻrisida maʼlumotnoma" in result
    assert_accessible(page)
