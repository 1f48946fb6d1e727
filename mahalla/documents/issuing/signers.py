"""Who signs issued documents: one interface, a PKCS#12 implementation, a development PKI.

``get_signer()`` builds the class named by ``settings.DOCUMENT_SIGNER`` once per process.
``Pkcs12Signer`` signs with pyHanko (PAdES baseline B-B, a certification signature that allows
no later changes) using the key and certificate in ``settings.DOCUMENT_SIGNING_PKCS12``. With
that setting empty it uses a development CA and signer generated once under
``settings.DOCUMENT_DEV_PKI_DIR`` — only with DEBUG on or under tests; otherwise it refuses.

A national E-IMZO signer would be another implementation of ``Signer`` (see
docs/EDOCUMENTS.md): the signature is made by the official's local E-IMZO client, so its
``sign`` would prepare the PDF and its byte range here and embed the CMS the client returns.
"""

import contextlib
import datetime as dt
import functools
import os
import shutil
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Protocol, runtime_checkable

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from pyhanko.keys import load_certs_from_pemder, load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

FIELD_NAME = "Signature1"
DEV_CA_NAME = "Mahalla Development CA"
DEV_SIGNER_NAME = "Mahalla development signer"
CA_FILE = "ca.pem"
SIGNER_FILE = "signer.p12"


@runtime_checkable
class Signer(Protocol):
    """Signs a finished PDF and says whose certificate signs it."""

    def sign(self, pdf_bytes: bytes, *, reason: str, location: str, name: str) -> bytes:
        """Return the PDF with an embedded PAdES signature (an incremental update)."""
        ...

    def certificate_subject(self) -> str:
        """The signing certificate's subject, as people read it."""
        ...

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        """Roots a verifier of these signatures trusts when ``DOCUMENT_TRUST_ROOTS`` is unset."""
        ...


class Pkcs12Signer:
    """PAdES signatures with a key and certificate from a PKCS#12 file (or the dev PKI)."""

    def __init__(self) -> None:
        path = settings.DOCUMENT_SIGNING_PKCS12
        password = settings.DOCUMENT_SIGNING_PASSWORD or ""
        dev_roots = None
        if not path:
            _require_development()
            pki = Path(settings.DOCUMENT_DEV_PKI_DIR)
            path = str(development_pki(pki) / SIGNER_FILE)
            password = ""
            dev_roots = list(load_certs_from_pemder([str(pki / CA_FILE)]))
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
        if signer is None:
            raise ImproperlyConfigured(
                f"Cannot load the document signing key from {path!r} (DOCUMENT_SIGNING_PKCS12 "
                "and DOCUMENT_SIGNING_PASSWORD).")
        self._signer = signer
        # Without a configured bundle, trust the root(s) that came with the signing key.
        self._roots = dev_roots if dev_roots is not None else [
            cert for cert in signer.cert_registry if cert.self_signed != "no"]

    def sign(self, pdf_bytes: bytes, *, reason: str, location: str, name: str) -> bytes:
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason or None,
            location=location or None,
            name=name or None,
            # A certification signature: any later change to the file breaks it.
            certify=True,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        )
        writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
        return signers.sign_pdf(writer, meta, signer=self._signer).getvalue()

    def certificate_subject(self) -> str:
        return self._signer.signing_cert.subject.human_friendly

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return list(self._roots)


@functools.lru_cache(maxsize=4)
def _build(dotted_path: str, pkcs12_path: str, dev_dir: str) -> Signer:
    # The arguments key the cache: a changed setting (tests) builds a new signer.
    return import_string(dotted_path)()


def get_signer() -> Signer:
    """The configured signer, built once per process (per configuration)."""
    return _build(settings.DOCUMENT_SIGNER, settings.DOCUMENT_SIGNING_PKCS12,
                  str(settings.DOCUMENT_DEV_PKI_DIR))


def trust_roots() -> list[asn1_x509.Certificate]:
    """What verification trusts: the PEM bundle in ``DOCUMENT_TRUST_ROOTS`` if set, else the
    signer's own roots (the development CA, or the self-signed CA in the PKCS#12 chain)."""
    bundle = getattr(settings, "DOCUMENT_TRUST_ROOTS", "")
    if bundle:
        return _load_bundle(str(bundle))
    return get_signer().trust_roots()


@functools.lru_cache(maxsize=4)
def _load_bundle(path: str) -> list[asn1_x509.Certificate]:
    try:
        return list(load_certs_from_pemder_data(Path(path).read_bytes()))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"Cannot read DOCUMENT_TRUST_ROOTS {path!r}: {exc}") from None


# --- the development PKI -------------------------------------------------------------------


def development_pki(directory: Path) -> Path:
    """The directory holding ``ca.pem`` and ``signer.p12``, generated once if missing.

    Both files are written into a fresh private directory which is then renamed into place;
    a concurrent process that got there first wins and everyone uses its files.
    """
    _require_development()
    if (directory / CA_FILE).exists() and (directory / SIGNER_FILE).exists():
        return directory
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".pki-"))  # mode 0700
    try:
        ca_pem, signer_p12 = generate_development_pki()
        _write_private(tmp / CA_FILE, ca_pem)
        _write_private(tmp / SIGNER_FILE, signer_p12)
        with contextlib.suppress(OSError):
            directory.rmdir()  # an empty directory is replaced; a full one is kept
        with contextlib.suppress(OSError):
            tmp.rename(directory)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not (directory / SIGNER_FILE).exists():
        raise ImproperlyConfigured(f"{directory} exists but holds no {SIGNER_FILE}.")
    return directory


def _require_development() -> None:
    """A generated key is for development and tests only, never for documents people use."""
    if not (settings.DEBUG or settings.TESTING):
        raise ImproperlyConfigured(
            "DOCUMENT_SIGNING_PKCS12 must be set when DEBUG is off: issued documents are "
            "signed with the issuing body's key and certificate.")


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def generate_development_pki(now: dt.datetime | None = None) -> tuple[bytes, bytes]:
    """A self-signed development root CA and a signer it certifies (EC P-256).

    Return the CA certificate (PEM) and the signer's key, certificate and chain (PKCS#12,
    no password).
    """
    now = now or dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(DEV_CA_NAME)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(DEV_SIGNER_NAME)).issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        DEV_SIGNER_NAME.encode(), key, cert, [ca_cert], serialization.NoEncryption())
    return ca_cert.public_bytes(serialization.Encoding.PEM), p12


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "UZ"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Mahalla (development)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign, content_commitment=not cert_sign,
        key_encipherment=False, data_encipherment=False, key_agreement=False,
        key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False, decipher_only=False)
