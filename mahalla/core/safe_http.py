"""Outbound HTTP to addresses given by outsiders (media links, webhook receivers).

A link could point at our own network (the database, a metadata service): hosts that resolve
to loopback, private, link-local or reserved addresses are refused unless the deployment
allows them. Redirects are followed by hand, each hop checked again; bodies are size-capped.
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import requests
from django.utils.translation import gettext as _

MAX_REDIRECTS = 3


class UnsafeUrl(Exception):
    """The address may not be contacted, or the answer could not be used."""


def _addresses(host: str) -> list[ipaddress._BaseAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(_("The host name could not be resolved.")) from exc
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address; an IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as
    the IPv4 address it is."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def check_url(url: str, *, allow_private: bool = False) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl(_("Only http and https links can be used."))
    if allow_private:
        return
    for address in _addresses(parts.hostname):
        if not is_public_address(address):
            raise UnsafeUrl(_("Links to private or local network addresses are not allowed."))


def fetch_bytes(url: str, *, max_bytes: int, timeout: float = 15,
                allow_private: bool = False) -> tuple[bytes, str]:
    """GET `url` → (body, content type); UnsafeUrl on a refused host, error or oversize body."""
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(url, allow_private=allow_private)
        try:
            response = requests.get(url, timeout=timeout, stream=True, allow_redirects=False,
                                    headers={"User-Agent": "Mahalla/1 (+media fetch)"})
        except requests.RequestException as exc:
            raise UnsafeUrl(_("The link could not be fetched.")) from exc
        with response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code != 200:
                raise UnsafeUrl(_("The link answered with status %(code)s.")
                                % {"code": response.status_code})
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise UnsafeUrl(_("The linked file is too large."))
            return bytes(body), response.headers.get("Content-Type", "")
    raise UnsafeUrl(_("The link redirects too many times."))
