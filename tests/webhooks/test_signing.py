import hashlib
import hmac
import time

import pytest

from mahalla.webhooks.signing import compute_signature, new_secret, sign, verify_signature

SECRET = "whsec-test"
BODY = b'{"id":"1","type":"appeal.closed"}'


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert compute_signature(SECRET, 1_700_000_000, BODY.decode()) == expected


def test_valid_signature_verifies():
    assert verify_signature(SECRET, sign(SECRET, BODY), BODY)
    assert verify_signature(SECRET, sign(SECRET, BODY), BODY.decode())


@pytest.mark.parametrize("header", [
    "", "garbage", "t=abc,v1=00", "v1=" + "0" * 64, "t=1700000000",
    "t=1700000000,v1=é",
])
def test_malformed_headers_do_not_verify(header):
    assert not verify_signature(SECRET, header, BODY, now=1_700_000_000)


def test_wrong_secret_or_changed_body_does_not_verify():
    header = sign(SECRET, BODY)
    assert not verify_signature("other", header, BODY)
    assert not verify_signature(SECRET, header, BODY + b" ")


def test_old_or_future_timestamp_is_refused():
    now = time.time()
    old = sign(SECRET, BODY, timestamp=int(now) - 301)
    future = sign(SECRET, BODY, timestamp=int(now) + 301)
    assert not verify_signature(SECRET, old, BODY, now=now)
    assert not verify_signature(SECRET, future, BODY, now=now)
    assert verify_signature(SECRET, old, BODY, tolerance_seconds=600, now=now)


def test_any_of_several_v1_signatures_may_match():
    t = int(time.time())
    header = f"t={t},v1={'0' * 64},v1={compute_signature(SECRET, t, BODY)}"
    assert verify_signature(SECRET, header, BODY)


def test_new_secrets_are_long_and_different():
    assert len(new_secret()) >= 43 and new_secret() != new_secret()
