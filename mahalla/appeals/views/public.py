"""Public pages: the map of moderated problem reports, one report, and photo delivery.

Nothing here shows who sent a report or who works on it: no names, phones or addresses.
"""

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import Truncator

from mahalla.appeals.forms import MapFilterForm
from mahalla.appeals.models import Appeal, AppealPhoto, AppealSupport
from mahalla.appeals.permissions import can_view
from mahalla.appeals.selectors import public_reports, timeline
from mahalla.appeals.views.common import map_settings, photo_links, photo_response
from mahalla.core.models import Role

MAP_JSON_LIMIT = 2000


def _category(request) -> str:
    form = MapFilterForm(request.GET)
    return form.cleaned_data.get("category", "") if form.is_valid() else ""


def report_map(request):
    """The map (when a tile server is configured) and always the same reports as a list."""
    form = MapFilterForm(request.GET)
    category = _category(request)
    reports = public_reports(category=category).order_by("-created_at", "-id")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    json_url = reverse("appeals:map_json")
    if category:
        json_url += f"?category={category}"
    return render(request, "appeals/map.html", {
        "form": form, "page": page, "json_url": json_url,
        **map_settings(),
    })


def reports_json(request):
    """Markers for the map: number, category, status, point, short text, supporters."""
    reports = public_reports(category=_category(request)).order_by("-created_at", "-id")
    data = [{
        "number": a.number,
        "category": a.category, "category_label": str(a.get_category_display()),
        "status": a.status, "status_label": str(a.get_status_display()),
        "latitude": float(a.latitude), "longitude": float(a.longitude),
        "text": Truncator(a.text).chars(140),
        "supporters": a.supporters_count,
        "url": reverse("appeals:public_report", args=[a.number]),
    } for a in reports[:MAP_JSON_LIMIT]]
    response = JsonResponse({"reports": data})
    response["Cache-Control"] = "public, max-age=60"
    return response


def public_report(request, number: str):
    appeal = get_object_or_404(
        Appeal.objects.public().select_related("mahalla", "district", "region"), number=number)
    photos = photo_links([p for p in appeal.photos.all() if p.is_public], "appeals:photo")
    user = request.user
    supported = user.is_authenticated and AppealSupport.objects.filter(
        appeal=appeal, user=user).exists()
    may_support = (appeal.is_open and not supported and (
        not user.is_authenticated
        or (user.role == Role.RESIDENT and appeal.author_id != user.pk)))
    return render(request, "appeals/public_report.html", {
        "appeal": appeal, "photos": photos, "steps": timeline(appeal, staff=False),
        "supported": supported, "may_support": may_support,
    })


def photo(request, photo_id: int, variant: str):
    """A photo for its author, for staff who may see the appeal, or public after moderation."""
    photo = AppealPhoto.objects.select_related("appeal").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    public = photo.is_public and Appeal.objects.public().filter(pk=photo.appeal_id).exists()
    if not public and not (request.user.is_authenticated
                           and can_view(request.user, photo.appeal)):
        raise Http404
    return photo_response(photo, variant, public=public)
