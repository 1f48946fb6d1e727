"""Photos named by link (Open311 media_url): fetched by a task, checked and re-encoded like
uploads, attached to the report for staff. The link itself stays in the appeal's source."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from mahalla.appeals.models import AppealPhoto, AppealSource
from mahalla.appeals.photos import MAX_PHOTOS, process_photo
from mahalla.appeals.services.common import add_step
from mahalla.core.exceptions import DomainError
from mahalla.core.safe_http import UnsafeUrl, fetch_bytes

log = logging.getLogger(__name__)


def fetch_media(appeal_id: int) -> int:
    """Attach the photos behind the source's media links; returns how many were added.

    Idempotent: a photo already attached (same content hash) is not added again.
    """
    source = AppealSource.objects.select_related("appeal").filter(appeal_id=appeal_id).first()
    if source is None:
        return 0
    appeal = source.appeal
    added = 0
    for url in source.media_urls[:MAX_PHOTOS]:
        try:
            data, __ = fetch_bytes(url, max_bytes=settings.OPEN311_MEDIA_MAX_BYTES,
                                   allow_private=settings.OPEN311_MEDIA_ALLOW_PRIVATE)
            photo = process_photo(ContentFile(data, name="media"))
        except (UnsafeUrl, DomainError) as exc:
            log.warning("Media of appeal %s not attached: %s", appeal.number, exc)
            continue
        with transaction.atomic():
            if appeal.photos.filter(sha256=photo.sha256).exists():
                continue
            AppealPhoto.objects.create(appeal=appeal, image=photo.image,
                                       thumbnail=photo.thumbnail, width=photo.width,
                                       height=photo.height, sha256=photo.sha256)
            add_step(appeal, action="media_attached", internal=True,
                     payload={"sha256": photo.sha256})
            added += 1
    return added
