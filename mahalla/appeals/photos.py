"""Photos: recognized by content (JPEG, PNG, WebP), at most 10 MB, re-encoded without metadata.

Re-encoding drops EXIF (with GPS), comments and anything hidden after the image data, and a
thumbnail is made for lists. Nothing is trusted from the file name or the declared type.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from mahalla.core.exceptions import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
THUMB_SIDE = 400
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PHOTOS = 5


@dataclass
class ProcessedPhoto:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    sha256: str


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise DomainError(_("A photo may be at most 10 MB."), field="photos")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(_("A photo may be at most 10 MB."), field="photos")
    if not data:
        raise DomainError(_("The photo file is empty."), field="photos")
    return data


def process_photo(upload) -> ProcessedPhoto:
    """Check one uploaded photo and return its clean re-encoded copy and thumbnail."""
    data = _read(upload)
    not_an_image = DomainError(_("This file is not a JPEG, PNG or WebP photo."), field="photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise DomainError(_("The photo has too many pixels."), field="photos")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise not_an_image from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = io.BytesIO()
    image.save(clean, "JPEG", quality=85, optimize=True)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMB_SIDE, THUMB_SIDE))
    thumb = io.BytesIO()
    thumb_image.save(thumb, "JPEG", quality=80)
    digest = hashlib.sha256(clean.getvalue()).hexdigest()
    return ProcessedPhoto(
        image=ContentFile(clean.getvalue(), name=f"{digest[:32]}.jpg"),
        thumbnail=ContentFile(thumb.getvalue(), name=f"{digest[:32]}-thumb.jpg"),
        width=image.width, height=image.height, sha256=digest,
    )


def process_photos(uploads) -> list[ProcessedPhoto]:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_PHOTOS:
        raise DomainError(_("At most 5 photos may be attached."), field="photos")
    return [process_photo(upload) for upload in uploads]
