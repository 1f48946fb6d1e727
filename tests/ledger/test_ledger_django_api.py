"""The public ledger API: what the offline verifier and auditors read, without logging in."""

import base64

import pytest

from mahalla.ledger import merkle
from mahalla.ledger.models import Checkpoint, LogHead
from mahalla.ledger.note import open_checkpoint
from tests.ledger.conftest import append_events

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_key")]

API = "/api/v1/ledger"


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def unb64(values: list[str]) -> list[bytes]:
    return [base64.b64decode(value, validate=True) for value in values]


def root() -> bytes:
    return bytes(LogHead.objects.get().root)


def test_checkpoint_is_the_signed_head_as_text(client, log_verifier):
    append_events(5)

    response = client.get(f"{API}/checkpoint")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    checkpoint = open_checkpoint(response.content, log_verifier)
    assert (checkpoint.origin, checkpoint.size, checkpoint.root_hash) == (
        "mahalla.test/ledger", 5, root())


def test_checkpoint_of_an_empty_log_is_published_on_demand(client, log_verifier):
    response = client.get(f"{API}/checkpoint")

    checkpoint = open_checkpoint(response.content, log_verifier)
    assert (checkpoint.size, checkpoint.root_hash) == (0, merkle.EMPTY_ROOT)
    assert Checkpoint.objects.count() == 1


def test_checkpoint_serves_the_latest_published_one(client, log_verifier):
    append_events(2)
    client.get(f"{API}/checkpoint")
    append_events(3)

    stale = open_checkpoint(client.get(f"{API}/checkpoint").content, log_verifier)

    # Publishing is the periodic task's job; a GET does not sign a new head on every request.
    assert stale.size == 2
    assert Checkpoint.objects.count() == 1


def test_key_is_the_vkey_text(client, ledger_key):
    response = client.get(f"{API}/key")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == ledger_key


def test_entry_has_its_leaf_data_and_leaf_hash(client):
    events = append_events(3)

    response = client.get(f"{API}/entries/1")

    assert response.status_code == 200
    body = response.json()
    data = bytes(events[1].ledger_entry.leaf_data)
    assert body == {"index": 1, "leaf_data": b64(data), "leaf_hash": b64(merkle.leaf_hash(data))}
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize("size", [1, 2, 5, 8, 13])
def test_inclusion_proofs_of_every_leaf_verify_against_the_root(client, size):
    append_events(size)
    for index in range(size):
        body = client.get(f"{API}/proof/inclusion?index={index}&tree_size={size}").json()
        leaf = base64.b64decode(client.get(f"{API}/entries/{index}").json()["leaf_hash"])

        assert (body["index"], body["tree_size"]) == (index, size)
        merkle.verify_inclusion(leaf, index, size, unb64(body["hashes"]), root())


def test_inclusion_proof_in_an_older_tree_size(client):
    append_events(4)
    old_root = root()
    append_events(5)

    body = client.get(f"{API}/proof/inclusion?index=2&tree_size=4").json()

    leaf = base64.b64decode(client.get(f"{API}/entries/2").json()["leaf_hash"])
    merkle.verify_inclusion(leaf, 2, 4, unb64(body["hashes"]), old_root)


def test_consistency_proofs_verify_between_every_pair_of_sizes(client):
    roots = {}
    for size in range(1, 10):
        append_events(1)
        roots[size] = root()
    for first in range(1, 10):
        for second in range(first, 10):
            body = client.get(f"{API}/proof/consistency?first={first}&second={second}").json()

            assert (body["first"], body["second"]) == (first, second)
            merkle.verify_consistency(first, second, roots[first], roots[second],
                                      unb64(body["hashes"]))


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/entries/x", 400, "index"),
    ("/entries/-1", 400, "index"),
    ("/entries/1.0", 400, "index"),
    ("/entries/99999999999999999999999999", 400, "index"),
    ("/entries/3", 404, "index"),
    ("/entries/123456789012345678", 404, "index"),
    ("/proof/inclusion", 400, "index"),
    ("/proof/inclusion?index=0", 400, "tree_size"),
    ("/proof/inclusion?index=a&tree_size=2", 400, "index"),
    ("/proof/inclusion?index=0&tree_size=%20", 400, "tree_size"),
    ("/proof/inclusion?index=2&tree_size=2", 400, "index"),
    ("/proof/inclusion?index=0&tree_size=0", 400, "index"),
    ("/proof/inclusion?index=0&tree_size=4", 404, "tree_size"),
    ("/proof/inclusion?index=3&tree_size=4", 404, "tree_size"),
    ("/proof/consistency", 400, "first"),
    ("/proof/consistency?first=1", 400, "second"),
    ("/proof/consistency?first=0&second=2", 400, "first"),
    ("/proof/consistency?first=3&second=2", 400, "first"),
    ("/proof/consistency?first=1&second=x", 400, "second"),
    ("/proof/consistency?first=1&second=4", 404, "second"),
])
def test_bad_or_out_of_range_parameters_are_refused_with_an_error(client, path, status, field):
    append_events(3)

    response = client.get(f"{API}{path}")

    assert response.status_code == status
    assert response.json()["error"]
    assert response.json()["field"] == field


def test_a_proof_at_equal_sizes_is_empty(client):
    append_events(3)

    body = client.get(f"{API}/proof/consistency?first=3&second=3").json()

    assert body == {"first": 3, "second": 3, "hashes": []}


def test_the_api_needs_no_login_and_allows_other_origins(client):
    append_events(1)

    for path in ["/checkpoint", "/key", "/entries/0", "/proof/inclusion?index=0&tree_size=1",
                 "/proof/consistency?first=1&second=1"]:
        response = client.get(f"{API}{path}")
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"


def test_proofs_read_a_constant_number_of_queries(client, django_assert_num_queries):
    append_events(37)

    # Every proof node, and the last leaf of the tree (it exists: so does the tree), at once.
    with django_assert_num_queries(1):
        client.get(f"{API}/proof/inclusion?index=5&tree_size=37")
    with django_assert_num_queries(1):
        client.get(f"{API}/proof/consistency?first=11&second=37")
    # The entry's data, then its leaf hash.
    with django_assert_num_queries(2):
        client.get(f"{API}/entries/36")
