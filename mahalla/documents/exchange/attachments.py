"""Attachments of letters: PDF recognized by its content, or images checked and re-encoded.

Nothing is trusted from the file name or the declared type. A PDF must start with the `%PDF-`
header and end with the `%%EOF` marker (a truncated upload fails); images go through the
appeals' photo checks (`mahalla.appeals.photos`), which drop metadata. At most 10 files of at
most 10 MB each. Every file is checked before anything is stored.
"""

import hashlib
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from mahalla.appeals import photos
from mahalla.core.exceptions import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
PDF = "application/pdf"
JPEG = "image/jpeg"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+")


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile
    name: str
    content_type: str
    size: int
    sha256: str


def _read(upload) -> bytes:
    too_large = DomainError(_("A file may be at most 10 MB."), field="files")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_large
    if not data:
        raise DomainError(_("The file is empty."), field="files")
    return data


def _is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def display_name(name: str, extension: str) -> str:
    """The sender's file name, kept for the download, with the extension of what it really is."""
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _UNSAFE_NAME.sub("_", stem).strip(" ._")[:100] or "file"
    return f"{stem}.{extension}"


def check_file(upload) -> CheckedFile:
    """One upload as a stored-to-be attachment, or a DomainError saying what is wrong."""
    data = _read(upload)
    original = getattr(upload, "name", "") or ""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise DomainError(_("The PDF file is damaged or incomplete."), field="files")
        digest = hashlib.sha256(data).hexdigest()
        return CheckedFile(content=ContentFile(data, name=f"{digest[:32]}.pdf"),
                           name=display_name(original, "pdf"), content_type=PDF,
                           size=len(data), sha256=digest)
    if _is_image(data):
        try:
            photo = photos.process_photo(ContentFile(data, name="image"))
        except DomainError as error:
            raise DomainError(error.message, field="files") from error
        clean = photo.image.read()
        return CheckedFile(content=ContentFile(clean, name=f"{photo.sha256[:32]}.jpg"),
                           name=display_name(original, "jpg"), content_type=JPEG,
                           size=len(clean), sha256=photo.sha256)
    raise DomainError(_("Attach PDF documents or JPEG, PNG or WebP images only."), field="files")


def check_files(uploads) -> list[CheckedFile]:
    """All uploads checked (the same content twice is kept once), or the first refusal."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_FILES:
        raise DomainError(_("At most 10 files may be attached."), field="files")
    checked, seen = [], set()
    for upload in uploads:
        item = check_file(upload)
        if item.sha256 not in seen:
            seen.add(item.sha256)
            checked.append(item)
    return checked
