"""Where webhooks may go: https to public addresses; loopback and private networks only when
settings.WEBHOOK_ALLOW_PRIVATE says so (development, tests, closed networks).

The address check runs twice: when a subscription is saved (`check_url`) and again before
every request (`refuse_private`), because a name may resolve elsewhere later.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from mahalla.core.exceptions import DomainError
from mahalla.core.safe_http import is_public_address

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class RefusedDestination(Exception):
    """The URL may not be called (scheme or address); retrying will not help."""


def _allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE", False))


def _host_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def _is_loopback_host(host: str) -> bool:
    ip = _host_ip(host)
    return host.lower() in LOOPBACK_NAMES if ip is None else ip.is_loopback


def check_url(url: str) -> str:
    """The URL as given, if a subscription may use it; DomainError (field "url") otherwise.

    https is required. Plain http is accepted only to a loopback host, and only when private
    destinations are allowed (a receiver on the same machine during development).
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise DomainError(_("Enter a valid URL."), field="url") from exc
    if not host or parts.scheme not in {"https", "http"}:
        raise DomainError(_("Enter a valid https:// URL."), field="url")
    if parts.username or parts.password:
        raise DomainError(_("The URL must not contain a user name or password."), field="url")
    if parts.scheme == "http" and not (_allow_private() and _is_loopback_host(host)):
        raise DomainError(_("The receiver's URL must use https."), field="url")
    ip = _host_ip(host)
    if ip is not None and not is_public_address(ip) and not _allow_private():
        raise DomainError(_("The receiver must be on a public address."), field="url")
    return url


def refuse_private(url: str) -> None:
    """Raise RefusedDestination if the URL's host resolves to a non-public address (unless
    allowed); OSError if the name does not resolve now (a retry may succeed)."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise RefusedDestination(_("Only http(s) URLs can receive webhooks."))
    if _allow_private():
        return
    if parts.scheme != "https":
        raise RefusedDestination(_("The receiver's URL must use https."))
    port = parts.port or 443
    for *_rest, sockaddr in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not is_public_address(ip):
            raise RefusedDestination(
                _("Refused: %(host)s resolves to the non-public address %(ip)s.")
                % {"host": parts.hostname, "ip": ip})
