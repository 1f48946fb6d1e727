"""Which appeals Open311 shows, and how it finds them.

Only problem reports are service requests: applications, proposals and complaints are private
correspondence and do not exist here. A merged duplicate resolves to the report it was merged
into (following a chain of merges), so a client that follows its own request id sees the work
done on the one the staff kept; lists by date leave duplicates out.
"""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from mahalla.appeals.models import Appeal, AppealPhoto

MAX_RESULTS = 1000
_MERGE_HOPS = 5


def reports() -> QuerySet:
    """Every problem report, with what the Open311 output reads loaded in bulk."""
    photos = (AppealPhoto.objects.filter(is_public=True)
              .order_by("stage", "created_at", "id"))  # "report" sorts before "result"
    return (Appeal.objects.filter(kind=Appeal.Kind.PROBLEM_REPORT)
            .select_related("organization", "mahalla", "district", "region")
            .prefetch_related(Prefetch("photos", queryset=photos, to_attr="public_photos")))


def _resolve(found: list[Appeal]) -> list[Appeal]:
    """Duplicates replaced by the reports they were merged into; each report once."""
    kept = {a.pk: a for a in found if not a.merged_into_id}
    pending = {a.merged_into_id for a in found if a.merged_into_id}
    for _hop in range(_MERGE_HOPS):
        pending -= kept.keys()
        if not pending:
            break
        targets = list(reports().filter(pk__in=pending))
        kept.update({a.pk: a for a in targets if not a.merged_into_id})
        pending = {a.merged_into_id for a in targets if a.merged_into_id}
    return sorted(kept.values(), key=lambda a: (a.created_at, a.pk), reverse=True)


def by_numbers(numbers: list[str]) -> list[Appeal]:
    """The reports with these service_request_ids (appeal numbers), newest first."""
    return _resolve(list(reports().filter(number__in=numbers)))


def by_number(number: str) -> Appeal | None:
    found = by_numbers([number])
    return found[0] if found else None


def by_token(token: str) -> Appeal | None:
    """The report a POST created, by the token of its source."""
    found = _resolve(list(reports().filter(source__token=token)))
    return found[0] if found else None


def search(*, service_codes: list[str], statuses: list[str], start: datetime,
           end: datetime) -> list[Appeal]:
    """GET requests: reports made in [start, end], newest first, at most MAX_RESULTS."""
    qs = reports().filter(merged_into__isnull=True, created_at__gte=start, created_at__lte=end)
    if service_codes:
        qs = qs.filter(category__in=service_codes)
    wanted = set(statuses)
    if wanted == {"open"}:
        qs = qs.filter(status__in=Appeal.OPEN_STATUSES)
    elif wanted == {"closed"}:
        qs = qs.exclude(status__in=Appeal.OPEN_STATUSES)
    return list(qs.order_by("-created_at", "-id")[:MAX_RESULTS])
