import datetime as dt
import json
import logging
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from mahalla.core.exceptions import DomainError, PermissionDenied
from mahalla.core.models import DomainEvent, Role
from mahalla.integrations.registries import person_registry
from mahalla.integrations.registries.base import (
    PersonRecord,
    PersonRegistry,
    RegistryError,
    RegistryUnavailable,
    Sex,
)
from mahalla.integrations.registries.fake import PEOPLE, FakePersonRegistry, synthetic_person
from mahalla.integrations.registries.http import HttpPersonRegistry
from mahalla.integrations.registries.pinfl import (
    birth_date_of,
    check_digit,
    make_pinfl,
    pinfl_digest,
    sex_of,
    validate_pinfl,
)
from mahalla.integrations.registries.selectors import person_lookups
from mahalla.integrations.registries.services import lookup_person
from tests.factories import UserFactory

FAKE = "mahalla.integrations.registries.fake.FakePersonRegistry"
HTTP = "mahalla.integrations.registries.http.HttpPersonRegistry"
SOXTAYEV = PEOPLE[0]  # Soxtayev Sinov Namunayevich, male, born 14.03.1985
OTHER = make_pinfl(birth_date=dt.date(1977, 5, 9), sex=Sex.FEMALE, area="271", serial="123")
NOT_FOUND = make_pinfl(birth_date=dt.date(1960, 1, 2), sex=Sex.MALE, serial="000")
DOWN = make_pinfl(birth_date=dt.date(1960, 1, 2), sex=Sex.MALE, serial="999")


def with_check_digit(first13: str) -> str:
    return first13 + str(check_digit(first13))


# --- PINFL ---------------------------------------------------------------------------------


def test_pinfl_layout_reads_birth_date_and_sex():
    assert SOXTAYEV.pinfl == "31403850000017"
    assert birth_date_of("31403850000017") == dt.date(1985, 3, 14)
    assert sex_of("31403850000017") == Sex.MALE
    assert sex_of(OTHER) == Sex.FEMALE and birth_date_of(OTHER) == dt.date(1977, 5, 9)
    assert birth_date_of(with_check_digit("1010199" + "271001")) == dt.date(1899, 1, 1)
    assert birth_date_of(with_check_digit("6311224" + "271001")) == dt.date(2024, 12, 31)


def test_check_digit_uses_weights_7_3_1_mod_10():
    # 3·7 + 1·3 + 4·1 + 0·7 + 3·3 + 8·1 + 5·7 + 0·3 + 0·1 + 0·7 + 0·3 + 0·1 + 1·7 = 87 → 7
    assert check_digit("3140385000001") == 7


@pytest.mark.parametrize("typed", ["3140 3850 0000 17", " 31403850000017 ", "3-140385-000-001-7",
                                   "31403850000017\n"])
def test_pinfl_separators_are_dropped(typed):
    assert validate_pinfl(typed) == "31403850000017"


@pytest.mark.parametrize(("typed", "reason"), [
    ("", "14 digits"),
    (None, "14 digits"),
    ("3140385000001", "14 digits"),
    ("314038500000171", "14 digits"),
    ("3140385000001a", "14 digits"),
    ("٣١٤٠٣٨٥٠٠٠٠٠١٧", "14 digits"),  # Arabic-Indic digits are not PINFL digits
    ("31403850000018", "check"),
    (with_check_digit("7140385000001"), "1 to 6"),
    (with_check_digit("0140385000001"), "1 to 6"),
    (with_check_digit("3310285000001"), "birth date"),  # 31 February
    (with_check_digit("3290285000001"), "birth date"),  # 1985 is not a leap year
    (with_check_digit("5010199000001"), "birth date"),  # 2099: in the future
])
def test_bad_pinfls_are_refused_with_the_reason(typed, reason):
    with pytest.raises(DomainError) as info:
        validate_pinfl(typed)
    assert info.value.field == "pinfl"
    assert reason in str(info.value.message)


@given(st.dates(dt.date(1800, 1, 1), dt.date.today() - dt.timedelta(days=1)), st.sampled_from(Sex),
       st.from_regex(r"[0-9]{3}", fullmatch=True), st.from_regex(r"[0-9]{3}", fullmatch=True))
def test_made_pinfls_validate_and_read_back(born, sex, area, serial):
    pinfl = make_pinfl(birth_date=born, sex=sex, area=area, serial=serial)
    assert validate_pinfl(pinfl) == pinfl
    assert birth_date_of(pinfl) == born and sex_of(pinfl) == sex


@given(st.integers(0, 13), st.integers(1, 9))
def test_every_single_digit_typo_is_caught(position, shift):
    pinfl = SOXTAYEV.pinfl
    typo = pinfl[:position] + str((int(pinfl[position]) + shift) % 10) + pinfl[position + 1:]
    with pytest.raises(DomainError):
        validate_pinfl(typo)


def test_pinfl_digest_is_keyed_and_not_the_number():
    digest = pinfl_digest(SOXTAYEV.pinfl)
    assert len(digest) == 64 and SOXTAYEV.pinfl not in digest
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert pinfl_digest(SOXTAYEV.pinfl) != digest


def test_person_record_repr_hides_the_person():
    assert "Soxtayev" not in repr(SOXTAYEV) and SOXTAYEV.pinfl not in repr(SOXTAYEV)
    assert SOXTAYEV.full_name == "Soxtayev Sinov Namunayevich"
    assert PEOPLE[3].full_name == "Xayoliyeva Orzu"  # no patronymic


# --- the fake ------------------------------------------------------------------------------


def test_fake_knows_its_built_in_people():
    fake = FakePersonRegistry()
    assert isinstance(fake, PersonRegistry)
    for person in PEOPLE:
        assert validate_pinfl(person.pinfl) == person.pinfl
        assert fake.lookup_person(person.pinfl) == person
        assert person.birth_date == birth_date_of(person.pinfl)
        assert person.sex == sex_of(person.pinfl)


def test_fake_answers_other_pinfls_deterministically_from_their_digits():
    first = FakePersonRegistry().lookup_person(OTHER)
    assert first == FakePersonRegistry().lookup_person(OTHER) == synthetic_person(OTHER)
    assert first.pinfl == OTHER
    assert first.birth_date == dt.date(1977, 5, 9) and first.sex == Sex.FEMALE
    assert first.last_name.endswith("a") and first.patronymic.endswith("ovna")
    assert len(first.address_soato) == 7 and first.address_soato.startswith("17")


def test_fake_has_no_one_with_serial_000():
    assert FakePersonRegistry().lookup_person(NOT_FOUND) is None


def test_fake_can_be_unavailable():
    with pytest.raises(RegistryUnavailable):
        FakePersonRegistry().lookup_person(DOWN)
    with pytest.raises(RegistryUnavailable):
        FakePersonRegistry(unavailable=True).lookup_person(SOXTAYEV.pinfl)
    with override_settings(REGISTRY_FAKE_UNAVAILABLE=True), pytest.raises(RegistryUnavailable):
        FakePersonRegistry().lookup_person(SOXTAYEV.pinfl)


def test_registry_errors_carry_translated_messages_and_http_statuses():
    assert RegistryUnavailable().status_code == 503 and RegistryError().status_code == 502
    assert "not available" in str(RegistryUnavailable().message)
    assert isinstance(RegistryUnavailable(), DomainError)


# --- choosing the adapter ------------------------------------------------------------------


def test_person_registry_is_the_configured_adapter_once_per_process():
    with override_settings(REGISTRY_PERSON_ADAPTER=FAKE):
        assert isinstance(person_registry(), FakePersonRegistry)
        assert person_registry() is person_registry()


def test_person_registry_follows_overridden_settings(registry_server):
    with override_settings(REGISTRY_PERSON_ADAPTER=HTTP, REGISTRY_PERSON_URL=registry_server.url,
                           REGISTRY_PERSON_TOKEN="t0ken", REGISTRY_PERSON_TIMEOUT="2.5"):
        adapter = person_registry()
        assert isinstance(adapter, HttpPersonRegistry)
        assert adapter.timeout == 2.5
        assert adapter.url == f"{registry_server.url}/persons/lookup"
    assert isinstance(person_registry(), FakePersonRegistry)


def test_the_fake_is_refused_in_production():
    with override_settings(REGISTRY_PERSON_ADAPTER=FAKE, DEBUG=False, TESTING=False), \
            pytest.raises(ImproperlyConfigured):
        person_registry()


# --- the HTTP adapter against a local server -----------------------------------------------


class RegistryServer:
    """A stand-in registry on 127.0.0.1: answers with `self.reply(request_json)` and records
    every request it gets."""

    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.requests: list[dict] = []
        self.reply = self.from_fake
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                server.requests.append({"path": self.path, "headers": dict(self.headers),
                                        "json": body})
                status, payload, delay, extra = server.reply(body)
                time.sleep(delay)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls_context is not None:
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls_context else "http"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}/api/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)
        self.thread.start()

    @staticmethod
    def as_json(person: PersonRecord) -> dict:
        return {"pinfl": person.pinfl, "last_name": person.last_name,
                "first_name": person.first_name, "patronymic": person.patronymic,
                "birth_date": person.birth_date.isoformat(), "sex": str(person.sex),
                "address_soato": person.address_soato}

    def from_fake(self, body):
        person = FakePersonRegistry().lookup_person(body["pinfl"])
        if person is None:
            return 404, {"error": "not found"}, 0, {}
        return 200, self.as_json(person), 0, {}

    def answer(self, status, payload=None, *, delay=0.0, headers=None):
        self.reply = lambda body: (status, payload if payload is not None else {}, delay,
                                   headers or {})

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def registry_server():
    server = RegistryServer()
    yield server
    server.close()


def http_adapter(server, **kwargs) -> HttpPersonRegistry:
    kwargs.setdefault("timeout", 2)
    return HttpPersonRegistry(base_url=server.url, **kwargs)


def test_http_adapter_posts_the_pinfl_in_the_body_with_the_token(registry_server):
    record = http_adapter(registry_server, token="s3cret").lookup_person(SOXTAYEV.pinfl)
    assert record == SOXTAYEV
    sent = registry_server.requests[0]
    assert sent["path"] == "/api/v1/persons/lookup"  # the PINFL is not in the URL
    assert sent["json"] == {"pinfl": SOXTAYEV.pinfl}
    assert sent["headers"]["Authorization"] == "Bearer s3cret"
    assert len(sent["headers"]["X-Request-ID"]) == 32


def test_http_adapter_reads_a_person_without_patronymic_or_address(registry_server):
    person = PEOPLE[3]
    payload = RegistryServer.as_json(person) | {"address_soato": None}
    del payload["patronymic"]
    registry_server.answer(200, payload)
    record = http_adapter(registry_server).lookup_person(person.pinfl)
    assert record.patronymic == "" and record.address_soato == ""
    assert record.birth_date == dt.date(1948, 2, 29)


def test_http_adapter_answers_none_for_404(registry_server):
    assert http_adapter(registry_server).lookup_person(NOT_FOUND) is None


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429, 408, 401, 403])
def test_http_failures_mean_unavailable(registry_server, status):
    registry_server.answer(status, {"error": "busy"})
    with pytest.raises(RegistryUnavailable) as info:
        http_adapter(registry_server).lookup_person(SOXTAYEV.pinfl)
    assert str(status) in info.value.detail


def test_a_slow_registry_times_out_as_unavailable(registry_server):
    registry_server.answer(200, RegistryServer.as_json(SOXTAYEV), delay=1.0)
    started = time.monotonic()
    with pytest.raises(RegistryUnavailable, match="not available"):
        http_adapter(registry_server, timeout=0.2).lookup_person(SOXTAYEV.pinfl)
    assert time.monotonic() - started < 0.9


def test_an_unreachable_registry_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    adapter = HttpPersonRegistry(base_url=f"http://127.0.0.1:{port}", timeout=1)
    with pytest.raises(RegistryUnavailable):
        adapter.lookup_person(SOXTAYEV.pinfl)


@pytest.mark.parametrize(("status", "payload", "headers"), [
    (400, {"error": "bad request"}, None),
    (302, {}, {"Location": "http://127.0.0.1:9/elsewhere"}),
    (200, b"<html>not json</html>", None),
    (200, ["a", "list"], None),
    (200, b"x" * (70 * 1024), None),
    (200, RegistryServer.as_json(PEOPLE[1]), None),  # somebody else
    (200, RegistryServer.as_json(SOXTAYEV) | {"birth_date": "14.03.1985"}, None),
    (200, RegistryServer.as_json(SOXTAYEV) | {"sex": "M"}, None),
    (200, RegistryServer.as_json(SOXTAYEV) | {"last_name": ""}, None),
    (200, RegistryServer.as_json(SOXTAYEV) | {"first_name": 42}, None),
    (200, RegistryServer.as_json(SOXTAYEV) | {"first_name": "N" * 101}, None),
    (200, RegistryServer.as_json(SOXTAYEV) | {"address_soato": "17262"}, None),
], ids=["400", "redirect", "html", "list", "too-big", "other-person", "date", "sex",
        "empty-name", "number-name", "long-name", "soato"])
def test_unusable_answers_are_registry_errors(registry_server, status, payload, headers):
    registry_server.answer(status, payload, headers=headers)
    with pytest.raises(RegistryError) as info:
        http_adapter(registry_server).lookup_person(SOXTAYEV.pinfl)
    assert not isinstance(info.value, RegistryUnavailable)
    assert len(registry_server.requests) == 1  # the redirect was not followed


def test_http_adapter_logs_no_personal_data(registry_server, caplog):
    caplog.set_level(logging.INFO, logger="mahalla.integrations.registries")
    adapter = http_adapter(registry_server)
    adapter.lookup_person(SOXTAYEV.pinfl)
    registry_server.answer(200, RegistryServer.as_json(PEOPLE[1]))
    with pytest.raises(RegistryError):
        adapter.lookup_person(SOXTAYEV.pinfl)
    assert len(caplog.records) == 2
    text = caplog.text
    assert SOXTAYEV.pinfl not in text and "Soxtayev" not in text and "Namuna" not in text


@pytest.mark.parametrize("url", ["", "http://registry.example.uz/api", "ftp://127.0.0.1/",
                                 "registry.example.uz"])
def test_http_adapter_refuses_unsafe_or_missing_urls(url):
    with pytest.raises(ImproperlyConfigured):
        HttpPersonRegistry(base_url=url)


def test_http_adapter_needs_a_certificate_for_a_key():
    with pytest.raises(ImproperlyConfigured):
        HttpPersonRegistry(base_url="https://registry.example.uz", key="/run/key.pem")


def test_http_adapter_reads_the_token_from_a_file(tmp_path, monkeypatch, settings):
    from config.env import envsecret

    secret = tmp_path / "token"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("REGISTRY_PERSON_TOKEN_FILE", str(secret))
    # settings.py reads REGISTRY_PERSON_TOKEN this way at start-up.
    settings.REGISTRY_PERSON_TOKEN = envsecret("REGISTRY_PERSON_TOKEN")
    adapter = HttpPersonRegistry(base_url="https://registry.example.uz")
    assert adapter.session.headers["Authorization"] == "Bearer from-a-file"


# --- mutual TLS ----------------------------------------------------------------------------


def _key():
    return ec.generate_private_key(ec.SECP256R1())


def _cert(subject, key, issuer, issuer_key, *, ca=False, san=None):
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                          content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, encipher_only=False,
                          decipher_only=False), critical=True).add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_key.public_key()), critical=False)
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path, *items):
    data = b""
    for item in items:
        if isinstance(item, x509.Certificate):
            data += item.public_bytes(serialization.Encoding.PEM)
        else:
            data += item.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def tls_registry(tmp_path):
    import ipaddress

    ca_key, server_key, client_key = _key(), _key(), _key()
    ca = _cert("Test registry CA", ca_key, "Test registry CA", ca_key, ca=True)
    server_cert = _cert("127.0.0.1", server_key, "Test registry CA", ca_key,
                        san=[x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    client_cert = _cert("mahalla", client_key, "Test registry CA", ca_key)
    files = {
        "ca": _write(tmp_path / "ca.pem", ca),
        "server": _write(tmp_path / "server.pem", server_cert, server_key),
        "cert": _write(tmp_path / "client.pem", client_cert),
        "key": _write(tmp_path / "client.key", client_key),
    }
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files["server"])
    context.load_verify_locations(files["ca"])
    context.verify_mode = ssl.CERT_REQUIRED  # the registry asks for our certificate
    server = RegistryServer(tls_context=context)
    yield server, files
    server.close()


def test_http_adapter_speaks_mutual_tls(tls_registry):
    server, files = tls_registry
    adapter = HttpPersonRegistry(base_url=server.url, cert=files["cert"], key=files["key"],
                                 ca_bundle=files["ca"], timeout=5)
    assert adapter.lookup_person(SOXTAYEV.pinfl) == SOXTAYEV


def test_without_our_certificate_the_registry_is_unavailable(tls_registry):
    server, files = tls_registry
    adapter = HttpPersonRegistry(base_url=server.url, ca_bundle=files["ca"], timeout=5)
    with pytest.raises(RegistryUnavailable):
        adapter.lookup_person(SOXTAYEV.pinfl)


def test_a_registry_with_an_unknown_certificate_is_unavailable(tls_registry):
    server, files = tls_registry
    adapter = HttpPersonRegistry(base_url=server.url, cert=files["cert"], key=files["key"],
                                 timeout=5)  # the system CAs do not know the test CA
    with pytest.raises(RegistryUnavailable):
        adapter.lookup_person(SOXTAYEV.pinfl)


# --- the look-up service -------------------------------------------------------------------


@pytest.fixture
def chairman(mahalla):
    return UserFactory(role=Role.MAHALLA_CHAIRMAN, mahalla=mahalla)


@pytest.fixture
def fake_registry():
    with override_settings(REGISTRY_PERSON_ADAPTER=FAKE):
        yield person_registry()


def lookup_events():
    return list(DomainEvent.objects.filter(type="registry.person_lookup"))


def test_lookup_is_journalled_without_the_pinfl(chairman, fake_registry):
    record = lookup_person("3140 3850 0000 17", actor=chairman, purpose="social.application")
    assert record == SOXTAYEV
    assert fake_registry.calls == [SOXTAYEV.pinfl]
    [event] = lookup_events()
    assert event.actor == chairman and event.actor_role == Role.MAHALLA_CHAIRMAN
    assert event.object_type == "registry.person" and event.object_id == ""
    assert event.payload == {"person": pinfl_digest(SOXTAYEV.pinfl),
                             "purpose": "social.application", "adapter": "fake",
                             "outcome": "found"}
    stored = json.dumps(event.payload) + event.object_id + str(event)
    assert SOXTAYEV.pinfl not in stored and "Soxtayev" not in stored


def test_not_found_and_failed_lookups_are_journalled_too(chairman, fake_registry):
    assert lookup_person(NOT_FOUND, actor=chairman, purpose="household.verify") is None
    with pytest.raises(RegistryUnavailable):
        lookup_person(DOWN, actor=chairman, purpose="household.verify")
    assert [e.payload["outcome"] for e in lookup_events()] == ["not_found", "unavailable"]


def test_the_platform_itself_may_look_up_without_an_actor(db, fake_registry):
    assert lookup_person(OTHER, actor=None, purpose="oneid.signup") is not None
    [event] = lookup_events()
    assert event.actor is None and event.actor_role == "system"


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.ORG_DISPATCHER, Role.ORG_EXECUTOR,
                                  Role.AUDITOR])
def test_roles_without_need_may_not_look_people_up(db, fake_registry, role):
    user = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        lookup_person(SOXTAYEV.pinfl, actor=user, purpose="social.application")
    assert fake_registry.calls == [] and lookup_events() == []


def test_a_blocked_staff_account_may_not_look_people_up(chairman, fake_registry):
    chairman.is_active = False
    with pytest.raises(PermissionDenied):
        lookup_person(SOXTAYEV.pinfl, actor=chairman, purpose="social.application")


def test_a_bad_pinfl_never_reaches_the_registry(chairman, fake_registry):
    with pytest.raises(DomainError) as info:
        lookup_person("31403850000018", actor=chairman, purpose="social.application")
    assert info.value.field == "pinfl"
    assert fake_registry.calls == [] and lookup_events() == []


@pytest.mark.parametrize("purpose", ["", "Checking Aziza's family", "x" * 65, None])
def test_purpose_must_be_a_short_code(chairman, fake_registry, purpose):
    with pytest.raises(ValueError, match="purpose"):
        lookup_person(SOXTAYEV.pinfl, actor=chairman, purpose=purpose)


class ConfusedRegistry(FakePersonRegistry):
    """An adapter with a bug: it answers every question with the same person."""

    def lookup_person(self, pinfl):
        return PEOPLE[1]


def test_a_record_for_another_person_is_refused(chairman):
    with override_settings(REGISTRY_PERSON_ADAPTER=f"{__name__}.ConfusedRegistry"), \
            pytest.raises(RegistryError):
        lookup_person(SOXTAYEV.pinfl, actor=chairman, purpose="social.application")
    assert [e.payload["outcome"] for e in lookup_events()] == ["error"]


def test_lookup_through_the_http_adapter(chairman, registry_server):
    with override_settings(REGISTRY_PERSON_ADAPTER=HTTP, REGISTRY_PERSON_URL=registry_server.url):
        assert lookup_person(OTHER, actor=chairman, purpose="social.application").pinfl == OTHER
        registry_server.answer(503)
        with pytest.raises(RegistryUnavailable):
            lookup_person(OTHER, actor=chairman, purpose="social.application")
    assert [(e.payload["adapter"], e.payload["outcome"]) for e in lookup_events()] == [
        ("http", "found"), ("http", "unavailable")]


def test_person_lookups_lists_who_looked_at_one_person(chairman, fake_registry):
    lookup_person(SOXTAYEV.pinfl, actor=chairman, purpose="social.application")
    lookup_person(OTHER, actor=chairman, purpose="social.application")
    lookup_person(SOXTAYEV.pinfl, actor=None, purpose="oneid.signup")
    assert [e.payload["purpose"] for e in person_lookups(SOXTAYEV.pinfl)] == [
        "oneid.signup", "social.application"]
