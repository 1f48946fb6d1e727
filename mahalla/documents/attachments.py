"""Files sent with applications: recognized by content, never by name or declared type.

A PDF is accepted by its magic bytes ``%PDF-`` (and refused when it carries scripts or
launch actions); anything else must be a photo, which `mahalla.appeals.photos` checks and
re-encodes (dropping EXIF with its GPS position). At most 10 MB per file, 5 files at once.
"""

import hashlib
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from mahalla.appeals.photos import MAX_BYTES, process_photo
from mahalla.core.exceptions import DomainError
from mahalla.core.text import clean_text

MAX_FILES = 5
PDF_MAGIC = b"%PDF-"
# Active content a PDF viewer could run: such files are refused rather than passed to staff.
# (A name must end at a PDF delimiter, so random bytes of compressed streams rarely match.)
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?=[\s/<>\[\]()])")
_UNSAFE_NAME = re.compile(r"[^\w .()\-ʻʼ]+")


@dataclass
class CheckedFile:
    kind: str
    content: ContentFile
    content_type: str
    size: int
    sha256: str
    original_name: str


def _field(kind: str) -> str:
    from mahalla.documents.forms_schema import ATTACHMENT_PREFIX

    return ATTACHMENT_PREFIX + kind


def _read(upload, field: str) -> bytes:
    too_big = DomainError(_("A file may be at most 10 MB."), field=field)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise too_big
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_big
    if not data:
        raise DomainError(_("The file is empty."), field=field)
    return data


def _display_name(upload) -> str:
    name = clean_text(str(getattr(upload, "name", "") or "")).rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", name)[:200]


def check_file(upload, *, kind: str) -> CheckedFile:
    """One upload as a PDF or a clean JPEG, or DomainError on the kind's field."""
    field = _field(kind)
    data = _read(upload, field)
    name = _display_name(upload)
    if data.startswith(PDF_MAGIC):
        if PDF_ACTIVE.search(data):
            raise DomainError(_("This PDF contains scripts or actions; save it again as a "
                                "plain PDF (for example, print it to PDF) and send that."),
                              field=field)
        digest = hashlib.sha256(data).hexdigest()
        return CheckedFile(kind=kind, content=ContentFile(data, name=f"{digest[:32]}.pdf"),
                           content_type="application/pdf", size=len(data), sha256=digest,
                           original_name=name)
    try:
        photo = process_photo(_Replay(data, upload))
    except DomainError as error:
        raise DomainError(_("This file is not a PDF, JPEG, PNG or WebP file."),
                          field=field) from error
    image = photo.image.read()
    photo.image.seek(0)
    return CheckedFile(kind=kind, content=photo.image, content_type="image/jpeg",
                       size=len(image), sha256=photo.sha256, original_name=name)


class _Replay:
    """The bytes already read, offered again to the photo checker."""

    def __init__(self, data: bytes, upload):
        self._data = data
        self.size = len(data)
        self.name = getattr(upload, "name", "")

    def read(self, limit: int = -1) -> bytes:
        return self._data if limit < 0 else self._data[:limit]


def check_files(uploads: dict[str, list], *, max_files: int = MAX_FILES) -> list[CheckedFile]:
    """Every upload of every kind checked; at most `max_files` in all."""
    pairs = [(kind, upload) for kind, files in (uploads or {}).items()
             for upload in files if upload]
    if len(pairs) > max_files:
        field = _field(pairs[-1][0])
        raise DomainError(_("At most %(count)d files may be attached.") % {"count": max_files},
                          field=field)
    return [check_file(upload, kind=kind) for kind, upload in pairs]
