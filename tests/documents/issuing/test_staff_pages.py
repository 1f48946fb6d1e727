"""Download, the document page and revocation: holder, issuer staff, outsiders."""

import hashlib

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.documents.issuing.models import IssuedDocument
from mahalla.documents.issuing.services import revoke_document
from tests.documents.issuing.conftest import HOLDER_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(issue):
    return issue()


def _get(client, user, path):
    if user is not None:
        client.force_login(user)
    return client.get(path)


# Download ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "chairman", "official", "auditor", "admin"])
def test_the_holder_and_staff_covering_the_issuer_download_the_signed_pdf(
        client, people, document, who):
    response = _get(client, people[who], f"/en/documents/{document.number}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{document.number}.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256


@pytest.mark.parametrize("who", ["neighbour", "other_chairman", "dispatcher", "gas_dispatcher"])
def test_others_get_404(client, people, document, who):
    response = _get(client, people[who], f"/en/documents/{document.number}/download/")
    assert response.status_code == 404
    assert _get(client, people[who], f"/en/documents/{document.number}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, document):
    response = client.get(f"/en/documents/{document.number}/download/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_organization_staff_download_what_their_organization_issued(client, issue, people):
    document = issue(issuer_mahalla=None, issuer_organization=people["water"],
                     actor=people["dispatcher"])
    assert _get(client, people["executor"],
                f"/en/documents/{document.number}/download/").status_code == 200
    assert _get(Client(), people["chairman"],
                f"/en/documents/{document.number}/download/").status_code == 404


# The document page and revocation ----------------------------------------------------------


def test_the_issuers_staff_see_the_facts_and_the_revoke_form(client, people, document):
    html = _get(client, people["chairman"], f"/en/documents/{document.number}/").content.decode()

    assert HOLDER_NAME in html and document.sha256 in html
    assert f'action="/en/documents/{document.number}/revoke/"' in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("who", ["resident", "official", "auditor"])
def test_the_holder_and_other_viewers_see_no_revoke_form(client, people, document, who):
    response = _get(client, people[who], f"/en/documents/{document.number}/")
    assert response.status_code == 200
    assert "/revoke/" not in response.content.decode()
    client.force_login(people[who])
    assert client.post(f"/en/documents/{document.number}/revoke/",
                       {"reason": "x"}).status_code == 403


def test_staff_revoke_with_a_reason(client, people, document):
    client.force_login(people["chairman"])

    missing = client.post(f"/en/documents/{document.number}/revoke/", {"reason": " "})
    assert missing.status_code == 400
    document.refresh_from_db()
    assert not document.is_revoked

    done = client.post(f"/en/documents/{document.number}/revoke/",
                       {"reason": "Issued with a wrong address"}, follow=True)
    assert f"The document {document.number} is revoked." in done.content.decode()
    document.refresh_from_db()
    assert document.is_revoked and document.revoked_by == people["chairman"]
    event = DomainEvent.objects.get(type="document.revoked")
    assert document.revoked_event == event
    assert event.payload == {"number": document.number, "sha256": document.sha256}


def test_revocation_needs_a_csrf_token(people, document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["chairman"])
    response = client.post(f"/en/documents/{document.number}/revoke/", {"reason": "x"})
    assert response.status_code == 403


def test_staff_of_another_mahalla_cannot_revoke(client, people, document):
    client.force_login(people["other_chairman"])
    assert client.post(f"/en/documents/{document.number}/revoke/",
                       {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        revoke_document(document=document, reason="x", actor=people["other_chairman"])


def test_the_service_refuses_an_empty_reason_and_a_second_revocation(people, document):
    with pytest.raises(DomainError) as error:
        revoke_document(document=document, reason="", actor=people["admin"])
    assert error.value.field == "reason"
    revoke_document(document=document, reason="Duplicate", actor=people["admin"])
    with pytest.raises(Conflict):
        revoke_document(document=document, reason="Again", actor=people["admin"])
    assert DomainEvent.objects.filter(type="document.revoked").count() == 1


# Admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    from mahalla.core.models import User

    return User.objects.create_superuser("+998901112233", "pw")


def test_the_admin_lists_documents_read_only(client, superuser, document):
    client.force_login(superuser)
    listing = client.get("/en/admin/issuing/issueddocument/")
    assert listing.status_code == 200 and document.number in listing.content.decode()
    assert client.get("/en/admin/issuing/issueddocument/add/").status_code == 403
    change = client.get(f"/en/admin/issuing/issueddocument/{document.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()


def test_the_admin_revokes_through_the_service_with_a_reason(client, superuser, document):
    client.force_login(superuser)
    url = "/en/admin/issuing/issueddocument/"
    selection = {"action": "revoke", ACTION_CHECKBOX_NAME: [document.pk]}

    asked = client.post(url, selection)
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    client.post(url, {**selection, "apply": "1", "reason": "Wrong holder"})

    document.refresh_from_db()
    assert document.revoked_reason == "Wrong holder" and document.revoked_by == superuser
    assert IssuedDocument.objects.active().count() == 0
