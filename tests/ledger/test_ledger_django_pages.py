"""The public pages: "verify a record" and the log's checkpoint, key and how to check them."""

import pytest
from django.utils import translation

from mahalla.ledger import services
from mahalla.ledger.models import Checkpoint, LedgerEntry
from tests.ledger.conftest import append_events

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_key")]


@pytest.fixture(autouse=True)
def _english_pages():
    with translation.override("en"):
        yield


def page(client, query: str) -> str:
    response = client.get("/en/ledger/verify/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_an_appeal_number_shows_its_leaves_proven_in_the_latest_checkpoint(
        client, world, submit, ledger_key):
    append_events(3)
    appeal = submit(text="Koʻchamizda suv quvuri yorildi, Karimova Dilnoza yozmoqda")
    services.publish_checkpoint()
    entries = list(LedgerEntry.objects.of_object("appeals.appeal", str(appeal.pk)))
    size = Checkpoint.objects.get().size

    html = page(client, appeal.number.lower())

    assert f"Appeal {appeal.number}" in html
    assert html.count("Proven") == len(entries) >= 2
    for entry in entries:
        assert f"This record is entry {entry.index} of {size} in the public log" in html
        assert entry.event.type in html
        assert services.merkle.leaf_hash(bytes(entry.leaf_data)).hex() in html
        assert f"--key {ledger_key} --entry {entry.index}</code>" in html
    author = world["resident"]
    for private in [author.full_name, author.phone, appeal.text, "Karimova"]:
        assert private not in html


def test_a_ledger_index_shows_that_entry(client):
    events = append_events(5)
    services.publish_checkpoint()

    html = page(client, "3")

    assert "Entry 3" in html and "This record is entry 3 of 5 in the public log" in html
    assert events[3].type in html


def test_entries_newer_than_the_checkpoint_are_pending(client):
    append_events(2)
    services.publish_checkpoint()
    append_events(2)

    html = page(client, "3")

    assert "newer than the latest signed checkpoint, which covers the first 2 entries" in html
    assert "Proven" not in html


def test_an_altered_entry_fails_the_server_side_proof(client):
    append_events(4)
    services.publish_checkpoint()
    LedgerEntry.objects.filter(index=1).update(leaf_data=b'{"forged":true}')

    html = page(client, "1")

    assert "does not check out" in html
    assert "Proven" not in html


@pytest.mark.parametrize("query", ["MAH-2026-999999", "42", "<script>", "MAH-2026", "-1"])
def test_nothing_found_says_so(client, query):
    append_events(2)

    html = page(client, query)

    assert "Nothing found" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_empty_form_writes_nothing(client):
    html = page(client, "")

    assert "Appeal number or entry number" in html
    assert "Nothing found" not in html
    assert not Checkpoint.objects.exists()


def test_the_log_page_shows_checkpoint_key_and_how_to_verify(client, ledger_key):
    append_events(3)

    html = client.get("/en/ledger/").content.decode()

    checkpoint = Checkpoint.objects.get()
    assert checkpoint.size == 3 and checkpoint.note_text.splitlines()[2] in html
    assert ledger_key in html
    assert f"--key {ledger_key} --state mahalla-ledger.json" in html
    assert "/api/v1/ledger/checkpoint" in html


def test_every_page_links_to_verify_a_record(client):
    html = client.get("/en/").content.decode()

    assert 'href="/en/ledger/verify/"' in html and "Verify a record" in html


def test_the_appeal_page_reads_a_bounded_number_of_queries(
        client, submit, django_assert_max_num_queries):
    appeal = submit()
    services.publish_checkpoint()

    # Lookup, entries with events, latest checkpoint, then one proof query per leaf.
    with django_assert_max_num_queries(4 + LedgerEntry.objects.count()):
        page(client, appeal.number)
