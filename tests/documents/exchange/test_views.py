"""Exchange pages: journals, a new letter, one letter, receipt, reply and files."""

import re

import pytest
from django.urls import reverse

from mahalla.core.models import DomainEvent
from mahalla.documents.exchange.models import Letter, LetterAttachment
from tests.documents.exchange.conftest import pdf, pdf_bytes, stored_files

LANGUAGE_PREFIXES = {"uz": "", "uz-cyrl": "/uz-cyrl", "ru": "/ru", "en": "/en"}
HTML_LANG = {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}


@pytest.fixture
def as_user(client, world):
    def _login(name):
        client.force_login(world[name])
        return client

    return _login


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_pages_answer_in_four_languages(as_user, send, language):
    letter = send(files=[pdf()])
    client = as_user("gas_dispatcher")
    prefix = LANGUAGE_PREFIXES[language]
    for path in ("/exchange/", "/exchange/outgoing/", "/exchange/new/",
                 f"/exchange/{letter.pk}/"):
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{HTML_LANG[language]}">' in html
        assert html.count("<main") == 1
        assert "<script>" not in html and "style=" not in html


def test_journal_tables_are_accessible(as_user, send):
    letter = send()
    html = as_user("gas_dispatcher").get(reverse("exchange:incoming")).content.decode()
    assert "<caption" in html and '<th scope="col">' in html and '<th scope="row"' in html
    assert letter.recipients.get(body__kind="utility").number in html
    html = as_user("dispatcher").get(reverse("exchange:outgoing")).content.decode()
    assert letter.number in html and "<caption" in html


def test_journals_are_for_staff_with_a_body(client, as_user):
    url = reverse("exchange:incoming")
    assert client.get(url).status_code == 302
    assert as_user("resident").get(url).status_code == 403
    assert as_user("auditor").get(url).status_code == 200
    assert as_user("auditor").get(reverse("exchange:new")).status_code == 403


def test_journal_search_and_filters_from_the_page(as_user, send):
    cyrillic = send(subject="Газ қувури текшируви", to=("gas",))
    other = send(subject="Chiqindi olib ketish", to=("gas",))
    url = reverse("exchange:incoming")
    html = as_user("gas_dispatcher").get(url, {"q": "gaz quvuri"}).content.decode()
    assert cyrillic.number in html and other.number not in html
    html = as_user("gas_dispatcher").get(url, {"state": "bogus", "page": "x"}).content.decode()
    assert cyrillic.number in html and other.number in html


def test_journal_query_count_does_not_grow_with_letters(as_user, send,
                                                        django_assert_max_num_queries):
    for __ in range(3):
        send(to=("gas", "home"))
    client = as_user("dispatcher")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("exchange:outgoing")).status_code == 200
    client = as_user("gas_dispatcher")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("exchange:incoming")).status_code == 200
    for __ in range(10):
        send(to=("gas", "home"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("exchange:incoming")).status_code == 200


@pytest.mark.parametrize("who", ["resident", "other_chairman", "official"])
def test_outsiders_get_404_for_the_letter_and_its_files(as_user, send, who):
    letter = send(to=("gas",), files=[pdf()])
    item = letter.attachments.get()
    client = as_user(who)
    assert client.get(reverse("exchange:detail", args=[letter.pk])).status_code == 404
    assert client.get(reverse("exchange:attachment",
                              args=[letter.pk, item.pk])).status_code == 404
    assert client.post(reverse("exchange:acknowledge", args=[letter.pk])).status_code == 404
    assert client.post(reverse("exchange:reply", args=[letter.pk]),
                       {"subject": "Javob", "text": "Matn"}).status_code == 404


def test_recipients_download_attachments(as_user, send):
    letter = send(to=("gas",), files=[pdf("Hisobot.pdf")])
    item = letter.attachments.get()
    url = reverse("exchange:attachment", args=[letter.pk, item.pk])
    response = as_user("gas_dispatcher").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Hisobot.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    # Only through its own letter.
    other = send(to=("gas",))
    assert as_user("gas_dispatcher").get(
        reverse("exchange:attachment", args=[other.pk, item.pk])).status_code == 404


def test_compose_sends_a_letter(as_user, bodies, world):
    client = as_user("dispatcher")
    response = client.post(reverse("exchange:new"), {
        "recipients": [f"o{bodies['gas'].pk}", f"o{bodies['home'].pk}"],
        "subject": "Suv oʻchiriladi", "text": "Ertaga 10:00–12:00.", "reply_days": "3",
        "files": [pdf()],
    })
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exchange:detail",
                                                                  args=[letter.pk])
    assert letter.recipients.count() == 2 and letter.reply_due is not None
    assert letter.attachments.count() == 1


def test_compose_to_a_mahalla_without_a_body_makes_its_body(as_user, world):
    client = as_user("official")
    client.post(reverse("exchange:new"), {
        "recipients": [f"m{world['other'].pk}"], "subject": "Yigʻilish", "text": "Ertaga."})
    row = Letter.objects.get().recipients.get()
    assert row.body.mahalla == world["other"]
    html = as_user("other_chairman").get(reverse("exchange:incoming")).content.decode()
    assert row.number in html


def test_compose_find_keeps_what_was_typed_and_ticked(as_user, bodies, world):
    client = as_user("dispatcher")
    response = client.post(reverse("exchange:new"), {
        "recipients": [f"o{bodies['gas'].pk}"], "find": "Наврўз", "find_bodies": "1",
        "subject": "Mavzu matni", "text": "Xat matni"})
    html = response.content.decode()
    assert response.status_code == 200 and not Letter.objects.exists()
    assert re.search(rf'value="o{bodies["gas"].pk}"[^>]*checked', html)
    assert 'value="Mavzu matni"' in html and "Xat matni" in html
    assert "Please correct" not in html


def test_compose_errors_are_shown_and_nothing_is_stored(as_user, _media):
    client = as_user("dispatcher")
    response = client.post(reverse("exchange:new"), {
        "recipients": [], "subject": "Mavzu", "text": "Matn", "files": [pdf()]})
    assert response.status_code == 400
    assert "Choose at least one recipient" in response.content.decode()
    response = client.post(reverse("exchange:new"), {"recipients": ["o999999", "x1"],
                                                     "subject": "Mavzu", "text": "Matn"})
    assert response.status_code == 400
    assert not Letter.objects.exists() and not LetterAttachment.objects.exists()
    assert not stored_files(_media)


def test_acknowledge_and_reply_from_the_letter_page(as_user, send, bodies):
    letter = send(to=("gas",), reply_within_days=5)
    client = as_user("gas_dispatcher")
    url = reverse("exchange:detail", args=[letter.pk])
    html = client.get(url).content.decode()
    assert "Acknowledge receipt" in html and "Reply to this letter" in html
    assert client.post(reverse("exchange:acknowledge", args=[letter.pk])).status_code == 302
    assert client.post(reverse("exchange:acknowledge", args=[letter.pk])).status_code == 302
    assert DomainEvent.objects.filter(type="exchange.letter_acknowledged").count() == 1
    assert "Acknowledge receipt" not in client.get(url).content.decode()
    bad = client.post(reverse("exchange:reply", args=[letter.pk]),
                      {"reply-subject": "J", "reply-text": "Matn"})
    assert bad.status_code == 400 and "at least 3 characters" in bad.content.decode()
    response = client.post(reverse("exchange:reply", args=[letter.pk]),
                           {"reply-subject": "Javob", "reply-text": "Bajarildi."})
    answer = Letter.objects.get(in_reply_to=letter)
    assert response.status_code == 302 and response["Location"] == reverse("exchange:detail",
                                                                  args=[answer.pk])
    html = as_user("dispatcher").get(url).content.decode()
    assert answer.number in html and "Replied" in html


def test_senders_and_auditors_see_no_receipt_or_reply_actions(as_user, send):
    letter = send(to=("gas",))
    url = reverse("exchange:detail", args=[letter.pk])
    for who in ("dispatcher", "auditor"):
        html = as_user(who).get(url).content.decode()
        assert "Acknowledge receipt" not in html and "Reply to this letter" not in html
        assert as_user(who).post(reverse("exchange:acknowledge",
                                         args=[letter.pk])).status_code == 403


def test_the_admin_shows_the_journals_read_only(client, send, db):
    from tests.factories import UserFactory

    letter = send(files=[pdf()])
    admin = UserFactory(role="administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in ("exchange_letter", "exchange_letterrecipient"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
    page = client.get(reverse("admin:exchange_letter_change", args=[letter.pk]))
    assert page.status_code == 200 and letter.number in page.content.decode()
