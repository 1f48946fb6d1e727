import pytest

from mahalla.documents.exchange.bodies import body_of
from mahalla.documents.exchange.services import send_letter
from tests.appeals.conftest import jpeg_bytes, upload


def pdf_bytes(body: bytes = b"1 0 obj << >> endobj") -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer << >>\n%%EOF\n"


def pdf(name="letter.pdf", data: bytes | None = None):
    return upload(data if data is not None else pdf_bytes(), name=name,
                  content_type="application/pdf")


def jpeg(name="scan.jpg"):
    return upload(jpeg_bytes(), name=name)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Attachments go to a temporary folder, checked by the tests for leftovers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def bodies(world):
    """The bodies of the appeals world: two utilities, the home mahalla, the district."""
    return {
        "water": world["water"],
        "gas": world["gas"],
        "home": body_of(world["chairman"]),
        "other": body_of(world["other_chairman"]),
        "hokimiyat": body_of(world["official"]),
    }


@pytest.fixture
def send(world, bodies):
    """send(sender="dispatcher", to=("gas", "home"), **fields) → Letter."""

    def _send(sender="dispatcher", to=("gas", "home"), **fields):
        fields.setdefault("subject", "Suv quvurini taʼmirlash haqida")
        fields.setdefault("text", "Koʻchadagi quvur almashtiriladi, suv 2 soat boʻlmaydi.")
        fields.setdefault("files", [])
        user = world[sender] if isinstance(sender, str) else sender
        recipients = [bodies[name] if isinstance(name, str) else name for name in to]
        return send_letter(sender_user=user, recipients=recipients, **fields)

    return _send


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
