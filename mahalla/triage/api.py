"""/api/v1/triage: classify texts, and for staff the insights, forecast and duplicates.

Callers authenticate through `config.api_auth.AUTH` (a staff session today; integration keys
join that list when they exist). Each endpoint checks input, makes one call and renders.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from config.api_auth import AUTH, KeyCaller
from mahalla.core.exceptions import DomainError, PermissionDenied
from mahalla.core.models import District, Mahalla
from mahalla.core.scope import is_staff_role
from mahalla.triage import duplicates, forecast, insights, services

router = Router(tags=["triage"], auth=AUTH)

MAX_TEXT = 10_000
MAX_BATCH = 1_000


class ErrorOut(Schema):
    error: str
    field: str | None = None


class Alternative(Schema):
    category: str
    confidence: float


class ClassifyIn(Schema):
    text: str


class ClassifyBatchIn(Schema):
    texts: list[str]


class ClassifyOut(Schema):
    category: str
    confidence: float
    alternatives: list[Alternative]
    urgency: str


class ClassifyBatchOut(Schema):
    results: list[ClassifyOut]


class ScopeQuery(Schema):
    mahalla: str | None = None
    district: str | None = None


class DuplicateOut(Schema):
    appeal_id: int
    number: str
    similarity: float
    distance_m: float | None


ERRORS = {code: ErrorOut for code in (400, 401, 403, 404)}


def _staff(request):
    user = request.auth
    if not is_staff_role(user):
        raise PermissionDenied(_("Triage is for staff and integrators."))
    return user


def _classifier(request):
    """Staff, or an integration key with the triage scope even when it acts as no account."""
    if isinstance(request.auth, KeyCaller):
        return request.auth
    return _staff(request)


def _checked(text, field: str = "text") -> str:
    if not isinstance(text, str) or not text.strip():
        raise DomainError(_("The text is empty."), field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(_("A text may be at most 10,000 characters."), field=field)
    return text


@router.post("/classify", response={200: ClassifyOut, **ERRORS}, url_name="triage_classify")
def classify(request, payload: ClassifyIn):
    """Category with calibrated confidence, the top 3, and urgency of one text."""
    _classifier(request)
    return services.classify([_checked(payload.text)])[0]


@router.post("/classify-batch", response={200: ClassifyBatchOut, **ERRORS},
             url_name="triage_classify_batch")
def classify_batch(request, payload: ClassifyBatchIn):
    """The same for up to 1,000 texts at once, in the order given."""
    _classifier(request)
    if not payload.texts:
        raise DomainError(_("Send at least one text."), field="texts")
    if len(payload.texts) > MAX_BATCH:
        raise DomainError(_("At most 1,000 texts per request."), field="texts")
    texts = [_checked(t, "texts") for t in payload.texts]
    return {"results": services.classify(texts)}


def _territory(user, query: ScopeQuery) -> tuple[int | None, int | None]:
    mahalla_id = district_id = None
    if query.mahalla:
        mahalla_id = get_object_or_404(Mahalla, code=query.mahalla).pk
    if query.district:
        district_id = get_object_or_404(District, soato=query.district).pk
    return mahalla_id, district_id


@router.get("/insights", response={200: dict, **ERRORS}, url_name="triage_insights")
def insights_view(request, query: Query[ScopeQuery]):
    """Top problems of the week and month with trend, and clusters, in the caller's scope."""
    user = _staff(request)
    mahalla_id, district_id = _territory(user, query)
    return insights.insights_for(user, mahalla_id=mahalla_id, district_id=district_id)


@router.get("/forecast", response={200: list[dict], **ERRORS}, url_name="triage_forecast")
def forecast_view(request, query: Query[ScopeQuery]):
    """Appeals per week for the next 4 weeks per category and district, with backtest error."""
    user = _staff(request)
    __, district_id = _territory(user, query)
    return forecast.forecast_for(user, district_id=district_id)


@router.get("/appeals/{number}/duplicates", response={200: list[DuplicateOut], **ERRORS},
            url_name="triage_duplicates")
def duplicates_view(request, number: str):
    """Appeals that probably describe the same problem, for staff to merge."""
    from mahalla.appeals.permissions import visible_appeals

    user = _staff(request)
    visible = visible_appeals(user)
    appeal = get_object_or_404(visible, number=number)
    found = duplicates.find_duplicates(appeal)
    allowed = set(visible.filter(pk__in=[s.appeal_id for s in found]).values_list("pk", flat=True))
    return [s.as_dict() for s in found if s.appeal_id in allowed]
