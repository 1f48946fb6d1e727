"""The signer: the configured PKCS#12 file, or a development PKI only where that is allowed."""

import stat

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import ImproperlyConfigured

from mahalla.documents.issuing import signers


def test_the_development_pki_is_private_and_made_once(dev_pki_dir):
    for name in (signers.CA_FILE, signers.SIGNER_FILE):
        assert stat.S_IMODE((dev_pki_dir / name).stat().st_mode) == 0o600
    before = (dev_pki_dir / signers.SIGNER_FILE).read_bytes()
    assert signers.development_pki(dev_pki_dir) == dev_pki_dir
    assert (dev_pki_dir / signers.SIGNER_FILE).read_bytes() == before


def test_it_refuses_to_generate_keys_outside_development_and_tests(settings, tmp_path):
    settings.DEBUG, settings.TESTING = False, False
    settings.DOCUMENT_DEV_PKI_DIR = tmp_path / "pki"
    with pytest.raises(ImproperlyConfigured, match="DOCUMENT_SIGNING_PKCS12"):
        signers.get_signer()
    assert not (tmp_path / "pki").exists()


def test_nor_uses_an_existing_development_key_in_production(settings, dev_pki_dir):
    settings.DEBUG, settings.TESTING = False, False
    settings.DOCUMENT_DEV_PKI_DIR = dev_pki_dir
    signers._build.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="DOCUMENT_SIGNING_PKCS12"):
        signers.get_signer()


def test_get_signer_builds_the_configured_class_once(settings):
    first = signers.get_signer()
    assert isinstance(first, signers.Pkcs12Signer) and isinstance(first, signers.Signer)
    assert signers.get_signer() is first
    assert first.certificate_subject().startswith(
        f"Common Name: {signers.DEV_SIGNER_NAME}")


def test_a_configured_pkcs12_file_and_password_are_used(settings, tmp_path):
    _ca_pem, p12 = signers.generate_development_pki()
    key, cert, chain = pkcs12.load_key_and_certificates(p12, None)
    protected = tmp_path / "issuer.p12"
    protected.write_bytes(pkcs12.serialize_key_and_certificates(
        b"issuer", key, cert, chain, BestAvailableEncryption(b"s3cret")))
    settings.DOCUMENT_SIGNING_PKCS12 = str(protected)
    settings.DOCUMENT_SIGNING_PASSWORD = "s3cret"
    settings.DEBUG, settings.TESTING = False, False  # no development PKI needed

    signer = signers.get_signer()

    assert signer.certificate_subject().startswith(f"Common Name: {signers.DEV_SIGNER_NAME}")
    # Without DOCUMENT_TRUST_ROOTS, the root that came with the key is trusted.
    assert [root.subject.native["common_name"] for root in signer.trust_roots()] == [
        signers.DEV_CA_NAME]
    settings.DOCUMENT_SIGNING_PASSWORD = "wrong"
    signers._build.cache_clear()
    with pytest.raises(ImproperlyConfigured):
        signers.get_signer()
    signers._build.cache_clear()
