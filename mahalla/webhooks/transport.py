"""One HTTP POST of a signed webhook body; knows nothing about the database."""

from dataclasses import dataclass

import requests
from django.conf import settings

from mahalla.webhooks.destinations import RefusedDestination, refuse_private
from mahalla.webhooks.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign

USER_AGENT = "Mahalla-Webhooks/1"
# Enough of a refusal's body to say why, without reading whatever a receiver sends.
MAX_ERROR_BODY = 500


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str = ""
    # The destination may never be called (scheme, private address): do not retry.
    permanent: bool = False


def post(*, url: str, secret: str, body: bytes, event_type: str, delivery_id: str) -> Outcome:
    """POST `body` to `url`, signed; 2xx is success, anything else (redirects too) is not."""
    try:
        refuse_private(url)
    except RefusedDestination as exc:
        return Outcome(ok=False, error=str(exc), permanent=True)
    except OSError as exc:
        return Outcome(ok=False, error=f"DNS: {exc}")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(secret, body),
        EVENT_HEADER: event_type,
        DELIVERY_HEADER: delivery_id,
    }
    timeout = float(settings.WEBHOOK_TIMEOUT_SECONDS)
    with requests.Session() as session:
        # No proxies or .netrc credentials from the environment go to a receiver's host.
        session.trust_env = False
        try:
            response = session.post(url, data=body, headers=headers, timeout=timeout,
                                    allow_redirects=False, stream=True)
        except requests.RequestException as exc:
            return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
        with response:
            if 200 <= response.status_code < 300:
                return Outcome(ok=True, status_code=response.status_code)
            try:
                snippet = next(response.iter_content(MAX_ERROR_BODY), b"")
            except requests.RequestException:
                snippet = b""
    text = snippet.decode("utf-8", "replace").strip()
    error = f"HTTP {response.status_code}" + (f": {text}" if text else "")
    return Outcome(ok=False, status_code=response.status_code, error=error)
