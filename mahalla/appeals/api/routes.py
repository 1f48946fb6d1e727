"""The endpoints of /api/v1/appeals and /api/v1/public: each parses, makes one service call
and renders through `output`.

The caller is `request.auth` (see config.api_auth), never `request.user`. An appeal the caller
may not see answers 404, as if it did not exist, so numbers do not reveal what was filed.
Fixed paths (mine, queue, nearby, track, bulk-assign) are declared before `{number}`, which
would otherwise match them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import Field, File, Form, Header, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from config.api_auth import AUTH, OPTIONAL_AUTH, optional_security
from mahalla.appeals import selectors
from mahalla.appeals.api import output
from mahalla.appeals.models import Appeal, AppealPhoto
from mahalla.appeals.permissions import can_view
from mahalla.appeals.schemas import (
    MAX_ID,
    AppealCreated,
    AppealDetail,
    AppealIn,
    AppealRow,
    AppealTrack,
    AssignIn,
    BulkAssigned,
    BulkAssignIn,
    CategoryIn,
    ErrorOut,
    ExtendIn,
    ForwardIn,
    MergeIn,
    ModerateIn,
    NearbyQuery,
    NearbyReport,
    Number,
    PriorityIn,
    PublicReport,
    PublicReportsQuery,
    QueueQuery,
    RateIn,
    ReasonIn,
    SupportOut,
    TextIn,
    Token,
)
from mahalla.appeals.services import workflow
from mahalla.appeals.services.submit import (
    AppealDraft,
    nearby_open_reports,
    submit_appeal,
    support_appeal,
)
from mahalla.core.exceptions import DomainError, NotFound, PermissionDenied, RateLimited
from mahalla.core.models import Organization, User
from mahalla.core.scope import is_staff_role
from mahalla.ops.idempotency import idempotent

router = Router(tags=["appeals"], auth=AUTH)
public_router = Router(tags=["appeals"], auth=None)

ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409)}
# Anonymous problem reports are welcome, floods of them are not: per person, else per address.
SUBMIT_RATE = getattr(settings, "APPEAL_SUBMIT_RATE", "30/h")
OPEN = optional_security()
JPEG = {"responses": {200: {"description": "The photo, re-encoded as JPEG.", "content": {
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}}}
PhotoId = Annotated[int, Path(ge=1, le=MAX_ID)]
Photos = Annotated[list[UploadedFile] | None, File(None, description="Up to 5 photos.")]
IdempotencyKey = Annotated[str, Header("", alias="Idempotency-Key", max_length=64)]


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class MapPageQuery(Schema):
    limit: int = Field(500, ge=1, le=2000)
    offset: int = Field(0, ge=0, le=1_000_000)


class Page(LimitOffsetPagination):
    """Lists: 20 rows by default, at most 100; offsets bounded for the database's integers."""

    Input = PageQuery


class MapPage(LimitOffsetPagination):
    """The public map takes more markers at once."""

    Input = MapPageQuery


RELATED = ("mahalla", "district", "region", "organization", "executor", "author",
           "merged_into")


# --- lookups --------------------------------------------------------------------------------


def _no_such_appeal(field: str | None = None) -> NotFound:
    return NotFound(_("There is no such appeal."), field=field)


def _viewable(user, number: str, *, field: str | None = None) -> Appeal:
    """The appeal if `user` may see it (author or staff in scope); 404 otherwise."""
    appeal = Appeal.objects.select_related(*RELATED).filter(number=number).first()
    if appeal is None or not can_view(user, appeal):
        raise _no_such_appeal(field)
    return appeal


@contextmanager
def _fields_as(**names: str) -> Iterator[None]:
    """Report a service's field under the name this API gives it (executor → executor_id)."""
    try:
        yield
    except DomainError as exc:
        exc.field = names.get(exc.field or "", exc.field)
        raise


def _submitter(group: str, request: HttpRequest) -> str:
    """Rate-limit key: the signed-in person, else the client address."""
    user = request.auth
    if user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def _fresh_detail(appeal: Appeal, user) -> dict:
    # No visibility check: after forwarding or re-routing, the actor may no longer see it.
    return output.detail_view(Appeal.objects.select_related(*RELATED).get(pk=appeal.pk), user)


# --- the resident and the public ------------------------------------------------------------


@router.post("", response={201: AppealCreated, 200: AppealCreated, **ERRORS, 429: ErrorOut},
             auth=OPTIONAL_AUTH, openapi_extra=OPEN, url_name="appeal_submit")
@idempotent
def submit(request: HttpRequest, payload: Form[AppealIn],
           photos: Photos = None, idempotency_key: IdempotencyKey = ""):
    """Send an appeal or problem report with up to 5 photos (multipart).

    Anyone may report a problem; an anonymous appeal of another kind is recorded but not
    considered. Repeating a request with the same Idempotency-Key returns the appeal it
    made (200, with the same tracking token) instead of a second one.
    """
    user = request.auth
    if is_ratelimited(request, group="appeals.api.submit", key=_submitter, rate=SUBMIT_RATE,
                      increment=True):
        raise RateLimited(_("Too many appeals were sent from here. Try again later."))
    draft = AppealDraft(
        kind=payload.kind, category=payload.category, text=payload.text,
        mahalla_code=payload.mahalla, latitude=payload.latitude, longitude=payload.longitude,
        address=payload.address, contact=payload.contact, consent=payload.consent,
        anonymous=payload.anonymous, photos=list(photos or []), channel=Appeal.Channel.API,
        idempotency_key=idempotency_key)
    appeal = submit_appeal(draft=draft, author=user if user.is_authenticated else None)
    created = output.created(appeal)
    return Status(200 if getattr(appeal, "replayed", False) else 201, created)


@router.get("/mine", response={200: list[AppealRow], **ERRORS}, url_name="appeals_mine")
@paginate(Page)
def mine(request: HttpRequest):
    """The signed-in person's own appeals, newest first."""
    return output.Rows(selectors.residents_appeals(request.auth), output.row)


@router.get("/nearby", response={200: list[NearbyReport], **ERRORS}, auth=None,
            url_name="appeals_nearby")
def nearby(request: HttpRequest, query: Query[NearbyQuery]):
    """Open problem reports of the category within 50 m: join one instead of a new report."""
    found = nearby_open_reports(category=query.category, latitude=query.latitude,
                                longitude=query.longitude)
    return [output.nearby_report(a, query.latitude, query.longitude) for a in found]


@router.get("/track/{token}", response={200: AppealTrack, **ERRORS}, auth=None,
            url_name="appeal_track")
def track(request: HttpRequest, token: Token):
    """Read an appeal by its private tracking token, without an account."""
    appeal = selectors.find_by_tracking_token(token)
    if appeal is None:
        raise _no_such_appeal()
    return output.track_view(appeal, token)


@router.get("/track/{token}/photos/{photo_id}", auth=None, url_name="appeal_track_photo",
            response=ERRORS, openapi_extra=JPEG)
def track_photo(request: HttpRequest, token: Token, photo_id: PhotoId, thumbnail: bool = False):
    """A photo of the appeal behind a tracking token."""
    appeal = selectors.find_by_tracking_token(token)
    photo = appeal.photos.filter(pk=photo_id).first() if appeal else None
    if photo is None:
        raise NotFound(_("There is no such photo."))
    return output.photo_file(photo, thumbnail=thumbnail, public=False)


@public_router.get("/reports", response={200: list[PublicReport], **ERRORS},
                   url_name="public_reports")
@paginate(MapPage)
def public_reports(request: HttpRequest, query: Query[PublicReportsQuery]):
    """Problem reports published by moderators, for the public map: never personal data."""
    reports = (selectors.public_reports(category=query.category or "",
                                        district_soato=query.district)
               .order_by("-created_at", "-id")
               .prefetch_related(Prefetch("photos", to_attr="public_photos",
                                          queryset=AppealPhoto.objects.filter(is_public=True))))
    return output.Rows(reports, output.public_report)


# --- staff: the queue and bulk assignment ---------------------------------------------------


@router.get("/queue", response={200: list[AppealRow], **ERRORS}, url_name="appeals_queue")
@paginate(Page)
def queue(request: HttpRequest, filters: Query[QueueQuery]):
    """The staff work queue: appeals in the caller's scope, filtered and sorted."""
    user = request.auth
    if not is_staff_role(user):
        raise PermissionDenied(_("The work queue is for staff."))
    found = selectors.staff_queue(user, selectors.QueueFilters(
        status=filters.status or "", category=filters.category or "",
        mahalla=filters.mahalla, organization=filters.organization,
        overdue=filters.overdue, mine=filters.mine, q=filters.q, sort=filters.sort))
    return output.Rows(found, output.queue_row)


def _executor(executor_id: int) -> User:
    executor = User.objects.filter(pk=executor_id).first()
    if executor is None:
        raise DomainError(_("This person does not work for the responsible body."),
                          field="executor_id")
    return executor


@router.post("/bulk-assign", response={200: list[BulkAssigned], **ERRORS},
             url_name="appeals_bulk_assign")
def bulk_assign(request: HttpRequest, payload: BulkAssignIn):
    """Give several appeals to one executor: all or none."""
    user = request.auth
    numbers = list(dict.fromkeys(payload.numbers))
    appeals = {a.number: a for a in Appeal.objects.filter(number__in=numbers)}
    if any(n not in appeals or not can_view(user, appeals[n]) for n in numbers):
        raise _no_such_appeal("numbers")
    with _fields_as(executor="executor_id"):
        done = workflow.bulk_assign(appeals=[appeals[n] for n in numbers],
                                    executor=_executor(payload.executor_id), actor=user)
    return [{"number": a.number, "status": a.status} for a in done]


# --- one appeal -----------------------------------------------------------------------------


@router.get("/{number}", response={200: AppealDetail, **ERRORS}, url_name="appeal_detail")
def detail(request: HttpRequest, number: Number):
    """One appeal, for its author or staff who may see it; staff also get internal steps."""
    return output.detail_view(_viewable(request.auth, number), request.auth)


@router.get("/{number}/photos/{photo_id}", auth=OPTIONAL_AUTH, url_name="appeal_photo",
            response=ERRORS, openapi_extra={**JPEG, **OPEN})
def photo(request: HttpRequest, number: Number, photo_id: PhotoId, thumbnail: bool = False):
    """A photo: for those who may see the appeal, or anyone once it is published."""
    found = (AppealPhoto.objects.select_related("appeal")
             .filter(pk=photo_id, appeal__number=number).first())
    published = found is not None and found.is_public and Appeal.objects.public().filter(
        pk=found.appeal_id).exists()
    if found is None or not (published or can_view(request.auth, found.appeal)):
        raise NotFound(_("There is no such photo."))
    return output.photo_file(found, thumbnail=thumbnail, public=published)


@router.post("/{number}/assign", response={200: AppealDetail, **ERRORS},
             url_name="appeal_assign")
def assign(request: HttpRequest, number: Number, payload: AssignIn):
    """Give the appeal to an executor of the responsible body (or of the mahalla)."""
    appeal = _viewable(request.auth, number)
    with _fields_as(executor="executor_id"):
        appeal = workflow.assign_appeal(appeal=appeal, executor=_executor(payload.executor_id),
                                        actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/start", response={200: AppealDetail, **ERRORS}, url_name="appeal_start")
def start(request: HttpRequest, number: Number):
    appeal = workflow.start_work(appeal=_viewable(request.auth, number), actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/answer", response={200: AppealDetail, **ERRORS},
             url_name="appeal_answer")
@idempotent
def answer(request: HttpRequest, number: Number, payload: TextIn):
    """The public answer to the applicant (JSON); see answer/with-photos for result photos."""
    appeal = _viewable(request.auth, number)
    with _fields_as(answer="text"):
        appeal = workflow.answer_appeal(appeal=appeal, text=payload.text, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/answer/with-photos", response={200: AppealDetail, **ERRORS},
             url_name="appeal_answer_with_photos")
@idempotent
def answer_with_photos(request: HttpRequest, number: Number, payload: Form[TextIn],
                       photos: Photos = None):
    """The public answer with up to 5 photos of the result (multipart)."""
    appeal = _viewable(request.auth, number)
    with _fields_as(answer="text"):
        appeal = workflow.answer_appeal(appeal=appeal, text=payload.text, actor=request.auth,
                                        photos=list(photos or []))
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/comment", response={200: AppealDetail, **ERRORS},
             url_name="appeal_comment")
@idempotent
def comment(request: HttpRequest, number: Number, payload: TextIn):
    """An internal note for staff, never shown to the applicant."""
    appeal = _viewable(request.auth, number)
    workflow.add_comment(appeal=appeal, text=payload.text, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/forward", response={200: AppealDetail, **ERRORS},
             url_name="appeal_forward")
def forward(request: HttpRequest, number: Number, payload: ForwardIn):
    """Send the appeal to the competent body, with a reason, within 5 working days."""
    appeal = _viewable(request.auth, number)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise DomainError(_("Choose another, active organization."), field="organization_id")
    with _fields_as(organization="organization_id"):
        appeal = workflow.forward_appeal(appeal=appeal, organization=organization,
                                         reason=payload.reason, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/reject", response={200: AppealDetail, **ERRORS},
             url_name="appeal_reject")
def reject(request: HttpRequest, number: Number, payload: ReasonIn):
    appeal = workflow.reject_appeal(appeal=_viewable(request.auth, number),
                                    reason=payload.reason, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/merge", response={200: AppealDetail, **ERRORS}, url_name="appeal_merge")
def merge(request: HttpRequest, number: Number, payload: MergeIn):
    """Close this appeal as a duplicate of another; its supporters move over."""
    appeal = _viewable(request.auth, number)
    into = _viewable(request.auth, payload.into_number, field="into_number")
    with _fields_as(into="into_number"):
        appeal = workflow.merge_duplicate(appeal=appeal, into=into, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/extra-study", response={200: AppealDetail, **ERRORS},
             url_name="appeal_extra_study")
def extra_study(request: HttpRequest, number: Number, payload: ReasonIn):
    """The answer needs extra study: the term becomes one month, the applicant is told."""
    appeal = workflow.require_extra_study(appeal=_viewable(request.auth, number),
                                          reason=payload.reason, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/extend", response={200: AppealDetail, **ERRORS},
             url_name="appeal_extend")
def extend(request: HttpRequest, number: Number, payload: ExtendIn):
    """Extend the deadline once, by 1 to 30 days, with a reason the applicant is told."""
    appeal = workflow.extend_deadline(appeal=_viewable(request.auth, number),
                                      reason=payload.reason, days=payload.days,
                                      actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/priority", response={200: AppealDetail, **ERRORS},
             url_name="appeal_priority")
def priority(request: HttpRequest, number: Number, payload: PriorityIn):
    appeal = workflow.set_priority(appeal=_viewable(request.auth, number),
                                   priority=payload.priority, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/category", response={200: AppealDetail, **ERRORS},
             url_name="appeal_category")
def category(request: HttpRequest, number: Number, payload: CategoryIn):
    """Correct the category; the appeal is routed again."""
    appeal = workflow.set_category(appeal=_viewable(request.auth, number),
                                   category=payload.category, actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/moderate", response={200: AppealDetail, **ERRORS},
             url_name="appeal_moderate")
def moderate(request: HttpRequest, number: Number, payload: ModerateIn):
    """Publish a problem report on the public map (or withdraw it), with the chosen photos."""
    appeal = workflow.moderate_appeal(appeal=_viewable(request.auth, number),
                                      publish=payload.publish, actor=request.auth,
                                      public_photo_ids=payload.public_photo_ids)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/close", response={200: AppealDetail, **ERRORS}, url_name="appeal_close")
def close(request: HttpRequest, number: Number):
    appeal = workflow.close_appeal(appeal=_viewable(request.auth, number), actor=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/rate", response={200: AppealDetail, **ERRORS}, url_name="appeal_rate")
def rate(request: HttpRequest, number: Number, payload: RateIn):
    """The applicant rates the answer 1–5; this closes the appeal."""
    appeal = workflow.rate_answer(appeal=_viewable(request.auth, number), rating=payload.rating,
                                  comment=payload.comment, user=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/reopen", response={200: AppealDetail, **ERRORS},
             url_name="appeal_reopen")
def reopen(request: HttpRequest, number: Number, payload: ReasonIn):
    """The applicant reopens within 30 days of the answer when the problem is not solved."""
    appeal = workflow.reopen_appeal(appeal=_viewable(request.auth, number),
                                    reason=payload.reason, user=request.auth)
    return _fresh_detail(appeal, request.auth)


@router.post("/{number}/support", response={200: SupportOut, **ERRORS},
             url_name="appeal_support")
@idempotent
def support(request: HttpRequest, number: Number):
    """"Me too" on an open problem report (found on the map or offered as a nearby one)."""
    appeal = Appeal.objects.filter(number=number, kind=Appeal.Kind.PROBLEM_REPORT).first()
    if appeal is None:
        raise _no_such_appeal()
    appeal = support_appeal(appeal=appeal, user=request.auth)
    return {"number": appeal.number, "supporters_count": appeal.supporters_count}
