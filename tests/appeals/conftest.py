import http.server
import io
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mahalla.appeals.services.submit import AppealDraft, submit_appeal
from mahalla.core.models import Organization, Role, ServiceArea
from tests.factories import DistrictFactory, MahallaFactory, OrganizationFactory, UserFactory

POINT = (Decimal("41.360000"), Decimal("69.290000"))


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def world(db):
    """One district, two mahallas, a water utility, its staff, and people around them."""
    district = DistrictFactory()
    home = MahallaFactory(district=district, latitude=POINT[0], longitude=POINT[1])
    other = MahallaFactory(district=district, latitude=Decimal("41.400000"),
                           longitude=Decimal("69.330000"))
    water = OrganizationFactory(district=district, kind=Organization.Kind.UTILITY)
    ServiceArea.objects.create(organization=water, category="water", district=district)
    gas = OrganizationFactory(district=district, kind=Organization.Kind.UTILITY,
                              name_uz="Gaz taʼminoti")
    ServiceArea.objects.create(organization=gas, category="gas", district=district)
    return {
        "district": district, "home": home, "other": other, "water": water, "gas": gas,
        "resident": UserFactory(mahalla=home),
        "neighbour": UserFactory(mahalla=home),
        "dispatcher": UserFactory(role=Role.ORG_DISPATCHER, organization=water),
        "executor": UserFactory(role=Role.ORG_EXECUTOR, organization=water),
        "gas_dispatcher": UserFactory(role=Role.ORG_DISPATCHER, organization=gas),
        "chairman": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=home),
        "other_chairman": UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=other),
        "official": UserFactory(role=Role.DISTRICT_OFFICIAL, district=district),
        "auditor": UserFactory(role=Role.AUDITOR),
    }


@pytest.fixture
def submit(world):
    def _submit(author="resident", **overrides):
        fields = {"kind": "problem_report", "category": "water",
                  "text": "Koʻchada suv quvuri yorilib, suv oqmoqda", "mahalla_code": "",
                  "latitude": str(POINT[0]), "longitude": str(POINT[1]), "consent": True}
        fields.update(overrides)
        user = world[author] if isinstance(author, str) else author
        return submit_appeal(draft=AppealDraft(**fields), author=user)

    return _submit


@pytest.fixture
def photo_server():
    """A real web server on loopback with /photo.jpg (120×90), /moved → it, else 404."""
    photo = jpeg_bytes((120, 90))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/photo.jpg":
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(photo)))
                self.end_headers()
                self.wfile.write(photo)
            elif self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/photo.jpg")
                self.end_headers()
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
