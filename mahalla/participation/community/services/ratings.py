"""Ratings of services: once per interaction, published only past a threshold.

Interactions rated here: a decided e-service application (the e-service is rated) and a
held reception (the body that received: mahalla, district or organization). An answered
appeal is rated on the appeal (`appeals.services.workflow.rate_answer`); the public page
reads `Appeal.rating` for the organizations that answered, it is not stored twice.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from mahalla.appeals.models import Appeal
from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import User
from mahalla.documents.models import Application
from mahalla.participation.community.models import Booking, ServiceRating
from mahalla.participation.community.services.common import checked_int, checked_text

RATEABLE_APPLICATION = (Application.Status.APPROVED, Application.Status.ISSUED,
                        Application.Status.REJECTED)


def min_ratings() -> int:
    """How many ratings a subject needs before its average is published."""
    return max(1, int(getattr(settings, "RATINGS_MIN_COUNT", 5)))


def _subject_of(interaction: str, obj) -> dict:
    if interaction == ServiceRating.Interaction.APPLICATION:
        return {"eservice_id": obj.service_id}
    slot = obj.slot
    return {"mahalla_id": slot.mahalla_id} if slot.mahalla_id else (
        {"district_id": slot.district_id} if slot.district_id
        else {"organization_id": slot.organization_id})


def _interaction_object(interaction: str, object_id, resident: User):
    pk = checked_int(object_id, field="object_id", minimum=1, maximum=2**53,
                     message=_("Not found."))
    if interaction == ServiceRating.Interaction.APPLICATION:
        obj = Application.objects.filter(pk=pk, applicant=resident.pk).first()
        if obj is None:
            raise NotFound(_("Not found."))
        if obj.status not in RATEABLE_APPLICATION:
            raise Conflict(_("An application is rated once it is decided."))
        return obj
    if interaction == ServiceRating.Interaction.RECEPTION:
        obj = Booking.objects.select_related("slot").filter(pk=pk, resident=resident.pk).first()
        if obj is None:
            raise NotFound(_("Not found."))
        if obj.status != Booking.Status.HELD:
            raise Conflict(_("A reception is rated once it was held."))
        return obj
    raise DomainError(_("Choose what you rate."), field="interaction")


def rate_service(*, resident: User, interaction: str, object_id, score,
                 comment: str = "") -> ServiceRating:
    """Rate an e-service after a decided application, or a body after a held reception."""
    if not getattr(resident, "is_authenticated", False):
        raise PermissionDenied(_("Log in to do this."))
    score = checked_int(score, field="score", minimum=1, maximum=5,
                        message=_("Choose a rating from 1 to 5."))
    comment = checked_text(comment, field="comment", minimum=0, maximum=1000)
    obj = _interaction_object(interaction, object_id, resident)
    link = {"application": obj} if interaction == "application" else {"booking": obj}
    try:
        with transaction.atomic():
            rating = ServiceRating.objects.create(resident=resident, interaction=interaction,
                                                  score=score, comment=comment,
                                                  **link, **_subject_of(interaction, obj))
            record_event(type="community.service_rated", obj=rating, actor=resident,
                         payload={"interaction": interaction, "object": obj.pk,
                                  "score": score})
    except IntegrityError as exc:
        raise Conflict(_("You have already rated this.")) from exc
    return rating


def rateable_for(resident: User) -> dict:
    """What the resident may still rate: decided applications and held receptions."""
    if not getattr(resident, "is_authenticated", False):
        return {"applications": [], "bookings": []}
    rated_apps = ServiceRating.objects.filter(resident=resident.pk, application__isnull=False) \
        .values("application")
    rated_bookings = ServiceRating.objects.filter(resident=resident.pk, booking__isnull=False) \
        .values("booking")
    applications = (Application.objects.filter(applicant=resident.pk,
                                               status__in=RATEABLE_APPLICATION)
                    .exclude(pk__in=rated_apps).select_related("service")
                    .order_by("-id")[:50])
    bookings = (Booking.objects.filter(resident=resident.pk, status=Booking.Status.HELD)
                .exclude(pk__in=rated_bookings)
                .select_related("slot__mahalla", "slot__district", "slot__organization")
                .order_by("-id")[:50])
    return {"applications": list(applications), "bookings": list(bookings)}


def _rows(queryset, key: str, names: dict, threshold: int, source: str) -> list[dict]:
    rows = []
    for row in queryset:
        subject = row[key]
        count = row["count"]
        published = count >= threshold
        rows.append({"kind": key, "id": subject, "name": names.get(subject, ""),
                     "source": source, "count": count if published else None,
                     "published": published,
                     "average": round(row["average"], 2) if published else None})
    return rows


def published_ratings() -> dict:
    """Averages per subject; an average is present only when at least `min_ratings()`
    ratings were given (below that, only that there are too few)."""
    from mahalla.core.models import District, Mahalla, Organization
    from mahalla.documents.models import EService

    threshold = min_ratings()
    result: dict[str, list] = {"eservices": [], "bodies": [], "appeals": []}
    ratings = ServiceRating.objects.all()
    for key, model, target in (("eservice", EService, "eservices"),
                               ("organization", Organization, "bodies"),
                               ("mahalla", Mahalla, "bodies"),
                               ("district", District, "bodies")):
        grouped = (ratings.filter(**{f"{key}__isnull": False}).values(key)
                   .annotate(count=Count("id"), average=Avg("score")).order_by(key))
        ids = [row[key] for row in grouped]
        names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
        result[target] += _rows(grouped, key, names, threshold, "reception"
                                if target == "bodies" else "application")
    # Answers to appeals, rated on the appeal itself: by the organization that answered.
    appeals = (Appeal.objects.filter(rating__isnull=False, organization__isnull=False)
               .values("organization").annotate(count=Count("id"), average=Avg("rating"))
               .order_by("organization"))
    ids = [row["organization"] for row in appeals]
    names = {obj.pk: str(obj) for obj in Organization.objects.filter(pk__in=ids)}
    result["appeals"] = _rows(appeals, "organization", names, threshold, "appeal")
    for rows in result.values():
        rows.sort(key=lambda r: (not r["published"], -(r["average"] or 0), r["name"]))
    result["threshold"] = threshold
    return result
