import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mahalla.appeals.services import workflow
from mahalla.webhooks.models import WebhookSubscription
from tests.appeals import conftest as appeals
from tests.factories import UserFactory

# The appeal fixtures (a district, a water utility and its staff; submitting a report).
world = appeals.world
submit = appeals.submit


class Receiver:
    """A real HTTP server on loopback that records every request and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers),
                                              "body": body})
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver is down")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/hook") -> str:
        return self.base_url + path

    def bodies(self, path: str | None = None) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests if path in (None, r["path"])]

    def types(self, path: str | None = None) -> list[str]:
        return [body["type"] for body in self.bodies(path)]


@pytest.fixture
def receiver():
    server = Receiver()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.SITE_URL = "https://mahalla.example.uz"


ANSWER = "Quvur almashtirildi, suv berildi."


@pytest.fixture
def walk(world):
    """Take a registered appeal through assign → start → answer → close."""

    def _walk(appeal) -> None:
        workflow.assign_appeal(appeal=appeal, executor=world["executor"],
                               actor=world["dispatcher"])
        workflow.start_work(appeal=appeal, actor=world["executor"])
        workflow.answer_appeal(appeal=appeal, text=ANSWER, actor=world["executor"])
        workflow.close_appeal(appeal=appeal, actor=world["dispatcher"])

    return _walk


@pytest.fixture
def admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def subscribe(db):
    def _subscribe(url: str, **fields) -> WebhookSubscription:
        fields.setdefault("name", "my.gov.uz")
        return WebhookSubscription.objects.create(url=url, **fields)

    return _subscribe
