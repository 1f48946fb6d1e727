"""What the PDF shows: the issuer, title, number, holder, fields, QR code, in every language."""

import datetime as dt

import pytest
import zxingcpp
from django.utils import translation

from mahalla.documents.issuing import services
from mahalla.documents.issuing.pdf import DocumentContent, local_date, qr_png, render_document
from tests.documents.issuing.conftest import HOLDER_NAME
from tests.documents.issuing.pdftools import font_names, images, page_count, page_text

pytestmark = pytest.mark.django_db

TITLES = {
    "uz": "Yashash joyi toʻgʻrisida maʼlumotnoma",
    "uz-cyrl": "Яшаш жойи тўғрисида маълумотнома",
    "ru": "Справка с места жительства",
    "en": "Certificate of residence",
}
FIELDS = {
    "uz": ("Yashash manzili", "Toshkent sh., Bunyodkor koʻchasi, 12-uy"),
    "uz-cyrl": ("Яшаш манзили", "Тошкент ш., Бунёдкор кўчаси, 12-уй"),
    "ru": ("Адрес проживания", "г. Ташкент, ул. Бунёдкор, д. 12"),
    "en": ("Address", "12 Bunyodkor street, Tashkent"),
}


def _decoded(pdf_bytes: bytes) -> list[str]:
    return [found.text for image in images(pdf_bytes) for found in zxingcpp.read_barcodes(image)]


def test_the_qr_code_in_the_pdf_holds_exactly_the_verification_url(issue, settings):
    document = issue(language="en")
    signed = services.read_pdf(document)

    assert _decoded(signed) == [
        f"{settings.SITE_URL}/documents/v/{document.number}/{document.verification_code}/"]
    assert f"Verify at: {document.verification_url}" in page_text(signed)


@pytest.mark.parametrize("language", list(TITLES))
def test_documents_render_in_every_language(issue, people, language):
    label, value = FIELDS[language]
    document = issue(language=language, title=TITLES[language], fields=[(label, value)],
                     holder_name="Каримова Дилноза" if language != "en" else HOLDER_NAME)

    text = page_text(services.read_pdf(document))

    assert TITLES[language] in text
    assert label in text and value in text
    assert document.number in text
    assert document.issuer_name in text
    with translation.override(language):
        assert f"{local_date(document.issued_at)}" in text
    assert font_names(services.read_pdf(document)) == {"DejaVuSansBook", "DejaVuSansBold"}
    assert "\ufffd" not in text


def test_the_document_carries_issuer_holder_fields_signer_and_footer(issue, people):
    document = issue(language="en")
    text = page_text(services.read_pdf(document))

    assert people["home"].name_uz in text and people["home"].district.name_en in text
    assert f"Issued to: {HOLDER_NAME}" in text
    assert "Manzil" in text and "Toshkent sh., Bunyodkor koʻchasi, 12-uy" in text
    assert "Ushbu maʼlumotnoma talab qilingan joyga taqdim etish uchun berildi." in text
    assert "Mahalla raisi" in text and "A. Valiyev" in text
    assert f"No. {document.number}" in text
    with translation.override("en"):
        assert f"Valid until: {local_date(document.valid_until)}" in text
    assert "signed with a digital signature" in text
    assert "https://mahalla.test/documents/verify/" in text


def test_an_organization_prints_its_phone_and_email(issue, people):
    water = people["water"]
    water.phone, water.email = "+998712000000", "suv@example.uz"
    water.save()

    document = issue(issuer_mahalla=None, issuer_organization=water, actor=people["dispatcher"])
    text = page_text(services.read_pdf(document))

    assert "+998 71 200 00 00" in text and "suv@example.uz" in text


def test_dates_are_written_the_local_way():
    with translation.override("uz"):
        assert local_date(dt.date(2026, 11, 23)) == "23.11.2026"
    with translation.override("ru"):
        assert local_date(dt.date(2026, 11, 23)) == "23.11.2026"


def test_long_content_flows_onto_more_pages_and_the_qr_still_decodes():
    url = "https://mahalla.test/documents/v/HJ-2026-000123/abcdefghjk/"
    result = render_document(DocumentContent(
        number="HJ-2026-000123", title="Маълумотнома", language="uz-cyrl",
        issued_at=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), holder_name="Каримова Д.",
        issuer_name="Наврўз МФЙ", verification_url=url,
        fields=[(f"Майдон {n}", "қиймат " * 20) for n in range(30)],
        paragraphs=["Матн " * 200] * 3))

    assert zxingcpp.read_barcodes(_png_image(result.qr_png))[0].text == url
    assert _decoded(result.pdf) == [url]
    assert page_count(result.pdf) > 1


def _png_image(data: bytes):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data))


def test_qr_png_is_grayscale():
    assert _png_image(qr_png("https://x.test/")).mode == "L"
