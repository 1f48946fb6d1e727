"""What the appeal views share: error mapping, HTMX detection, photo responses."""

import mimetypes
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from mahalla.appeals.models import AppealPhoto
from mahalla.core.exceptions import DomainError
from mahalla.core.scope import is_staff_role

PHOTO_VARIANTS = ("thumb", "full")


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal on its field, or above the form when the field is not shown."""
    field = error.field if error.field in form.fields else None
    if field and form.fields[field].widget.is_hidden:
        field = None
    form.add_error(field, error.message)


def is_htmx(request) -> bool:
    """An HTMX swap (not a history restore, which needs the whole page)."""
    return (request.headers.get("HX-Request") == "true"
            and not request.headers.get("HX-History-Restore-Request"))


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def staff_required(view):
    """Logged in with a staff role; residents get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_staff_role(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def photo_links(photos, url_name: str, **kwargs) -> list[dict]:
    """Each photo with the URLs of its thumbnail and full image (served through a view)."""
    return [{"photo": p,
             "thumb": reverse(url_name, kwargs={**kwargs, "photo_id": p.pk, "variant": "thumb"}),
             "full": reverse(url_name, kwargs={**kwargs, "photo_id": p.pk, "variant": "full"})}
            for p in photos]


def split_photos(links: list[dict]) -> tuple[list[dict], list[dict]]:
    report = [x for x in links if x["photo"].stage == AppealPhoto.Stage.REPORT]
    result = [x for x in links if x["photo"].stage == AppealPhoto.Stage.RESULT]
    return report, result


def photo_response(photo: AppealPhoto, variant: str, *, public: bool) -> FileResponse:
    """Stream a stored photo; private ones must not be kept by shared caches."""
    if variant not in PHOTO_VARIANTS:
        raise Http404
    file = photo.thumbnail if variant == "thumb" else photo.image
    try:
        handle = file.storage.open(file.name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(file.name)[0] or "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=600" if public else "private, max-age=600"
    if not public:
        response["X-Robots-Tag"] = "noindex"
    return response


def map_settings() -> dict:
    """The tile server for Leaflet; empty means no map, only lists and number inputs."""
    from django.conf import settings

    return {"tile_url": getattr(settings, "MAP_TILE_URL", "") or "",
            "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "") or ""}
