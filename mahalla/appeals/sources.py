"""What a channel knows about who sent an appeal from outside (Open311, integration keys)."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError
from mahalla.core.text import clean_text

MAX_MEDIA_URLS = 5
_ID = re.compile(r"^[\w.:@\-/]{1,100}$")


@dataclass
class SubmissionSource:
    api_key: object = None
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    media_urls: list[str] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)

    @property
    def machine_reported(self) -> bool:
        return bool(self.device_id)


def checked_source(source: SubmissionSource) -> SubmissionSource:
    """The same source with every field checked and trimmed; DomainError on bad input."""
    def identifier(value: str, name: str) -> str:
        value = (value or "").strip()
        if value and not _ID.match(value):
            raise DomainError(_("This identifier may hold at most 100 letters, digits and "
                                ". : @ - / _ characters."), field=name)
        return value

    email = (source.email or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise DomainError(_("Enter a valid email address."), field="email") from exc
    urls = [u.strip() for u in source.media_urls or [] if u and u.strip()]
    if len(urls) > MAX_MEDIA_URLS:
        raise DomainError(_("At most 5 media links."), field="media_url")
    for url in urls:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise DomainError(_("The media link is not a valid web address."),
                              field="media_url") from exc
        if len(url) > 1000:
            raise DomainError(_("The media link is too long."), field="media_url")
    return SubmissionSource(
        api_key=source.api_key,
        device_id=identifier(source.device_id, "device_id"),
        account_id=identifier(source.account_id, "account_id"),
        first_name=clean_text(source.first_name or "")[:100],
        last_name=clean_text(source.last_name or "")[:100],
        email=email[:254], phone=clean_text(source.phone or "")[:32],
        media_urls=urls, attributes=dict(source.attributes or {}),
    )
