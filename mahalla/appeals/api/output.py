"""Appeals as the API shows them: dicts shaped for the schemas in `mahalla.appeals.schemas`.

Who sees what is decided here in one place: staff in scope get internal steps, the executor
and the applicant's contact; the applicant gets the public timeline; the public map gets no
personal data at all.
"""

from django.http import FileResponse
from django.urls import reverse

from mahalla.appeals import selectors
from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep
from mahalla.appeals.permissions import visible_appeals
from mahalla.core import geo


def ref(obj) -> dict | None:
    """An organization or a person by id and display name."""
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def mahalla_ref(appeal: Appeal) -> dict | None:
    return {"code": appeal.mahalla.code, "name": appeal.mahalla.name} if appeal.mahalla_id \
        else None


def territory_ref(place) -> dict | None:
    return {"soato": place.soato, "name": place.name} if place is not None else None


def place_refs(appeal: Appeal) -> dict:
    return {"mahalla": mahalla_ref(appeal), "district": territory_ref(appeal.district),
            "region": territory_ref(appeal.region)}


def steps(appeal: Appeal, *, staff: bool) -> list[dict]:
    return [{
        "action": s.action, "from_status": s.from_status, "to_status": s.to_status,
        "note": s.note, "actor_role": s.actor_role,
        "actor": str(s.actor) if staff and s.actor else None,
        "internal": s.visibility == AppealStep.Visibility.INTERNAL, "created_at": s.created_at,
    } for s in selectors.timeline(appeal, staff=staff)]


def photo(photo: AppealPhoto, url_name: str, **kwargs) -> dict:
    url = reverse(f"api-v1:{url_name}", kwargs={**kwargs, "photo_id": photo.pk})
    return {"id": photo.pk, "stage": photo.stage, "url": url,
            "thumbnail_url": f"{url}?thumbnail=true", "width": photo.width,
            "height": photo.height, "is_public": photo.is_public}


def summary(appeal: Appeal) -> dict:
    """What both the tracking link and the detail show."""
    return {
        "number": appeal.number, "kind": appeal.kind, "category": appeal.category,
        "status": appeal.status, "text": appeal.text, **place_refs(appeal),
        "organization": ref(appeal.organization), "created_at": appeal.created_at,
        "registered_at": appeal.registered_at, "due_at": appeal.due_at,
        "answer": appeal.answer, "answered_at": appeal.answered_at,
        "closed_at": appeal.closed_at,
        "merged_into": appeal.merged_into.number if appeal.merged_into_id else None,
    }


def track_view(appeal: Appeal, token: str) -> dict:
    return {
        **summary(appeal),
        "photos": [photo(p, "appeal_track_photo", token=token) for p in appeal.photos.all()],
        "timeline": steps(appeal, staff=False),
    }


def detail_view(appeal: Appeal, user) -> dict:
    staff = visible_appeals(user).filter(pk=appeal.pk).exists()
    author = appeal.author if staff and not appeal.is_anonymous else None
    return {
        **summary(appeal),
        "photos": [photo(p, "appeal_photo", number=appeal.number)
                   for p in appeal.photos.all()],
        "timeline": steps(appeal, staff=staff),
        "priority": appeal.priority, "channel": appeal.channel, "address": appeal.address,
        "latitude": appeal.latitude, "longitude": appeal.longitude,
        "is_anonymous": appeal.is_anonymous, "extended": appeal.extended,
        "extra_study": appeal.extra_study,
        "is_overdue": appeal.is_overdue(), "is_public": appeal.is_public,
        "supporters_count": appeal.supporters_count, "rating": appeal.rating,
        "rating_comment": appeal.rating_comment, "reopen_count": appeal.reopen_count,
        "executor": ref(appeal.executor) if staff and appeal.executor_id else None,
        "author": ({"id": author.pk, "full_name": author.full_name, "phone": author.phone}
                   if author is not None else None),
    }


def created(appeal: Appeal) -> dict:
    """The answer to a submission; the tracking token is there only when it was just made."""
    return {
        "number": appeal.number, "kind": appeal.kind, "category": appeal.category,
        "status": appeal.status, **place_refs(appeal),
        "organization": ref(appeal.organization), "created_at": appeal.created_at,
        "due_at": appeal.due_at, "tracking_token": getattr(appeal, "tracking_token", None),
    }


def row(appeal: Appeal, *, staff: bool = False) -> dict:
    return {
        "number": appeal.number, "kind": appeal.kind, "category": appeal.category,
        "status": appeal.status, "priority": appeal.priority, "text": appeal.text,
        **place_refs(appeal), "organization": ref(appeal.organization),
        "executor": ref(appeal.executor) if staff and appeal.executor_id else None,
        "created_at": appeal.created_at, "due_at": appeal.due_at,
        "is_overdue": appeal.is_overdue(), "supporters_count": appeal.supporters_count,
    }


def queue_row(appeal: Appeal) -> dict:
    return row(appeal, staff=True)


def nearby_report(appeal: Appeal, latitude: float, longitude: float) -> dict:
    """An open report near a point: its text only once moderators published it."""
    distance = geo.distance_m(latitude, longitude, float(appeal.latitude),
                              float(appeal.longitude))
    return {
        "number": appeal.number, "category": appeal.category, "status": appeal.status,
        "distance_m": round(distance, 1), "created_at": appeal.created_at,
        "supporters_count": appeal.supporters_count,
        "text": appeal.text if appeal.is_public else None,
    }


class Rows:
    """A queryset the paginator counts and slices; only the page's rows are built."""

    def __init__(self, queryset, build):
        self.queryset, self.build = queryset, build

    def all(self):
        return self.queryset.all()

    def __getitem__(self, key: slice) -> list[dict]:
        return [self.build(obj) for obj in self.queryset[key]]


def photo_file(photo: AppealPhoto, *, thumbnail: bool, public: bool) -> FileResponse:
    image = photo.thumbnail if thumbnail else photo.image
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response


def public_report(appeal: Appeal) -> dict:
    return {
        "number": appeal.number, "category": appeal.category, "status": appeal.status,
        "mahalla": appeal.place_name, "latitude": appeal.latitude,
        "longitude": appeal.longitude, "text": appeal.text, "created_at": appeal.created_at,
        "supporters_count": appeal.supporters_count,
        "photos": [photo(p, "appeal_photo", number=appeal.number)["url"]
                   for p in appeal.public_photos],
    }
