"""/api/v1/community: discussions (public reading), the virtual reception, ratings.

The caller is `request.auth` (config.api_auth). Write bodies are lenient schemas: every
field has a default and the service checks it, so a caller without the right gets 403 before
any question about the body, and a bad value gets the service's translated 400.
"""

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from config.api_auth import AUTH
from mahalla.core.exceptions import NotFound, PermissionDenied
from mahalla.core.models import Mahalla, User
from mahalla.ops.idempotency import idempotent
from mahalla.participation.community import permissions as perm
from mahalla.participation.community import selectors
from mahalla.participation.community.models import Booking, Comment, ReceptionSlot, Topic
from mahalla.participation.community.services import discussions, ratings, reception
from mahalla.participation.community.services.common import public_name

router = Router(tags=["community"], auth=AUTH)
MAX_ID = 2_147_483_647
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    error: str
    field: str | None = None


ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 429)}


# --- output ---------------------------------------------------------------------------------


class TopicOut(Schema):
    id: int
    mahalla_id: int
    title: str
    body: str
    author: str
    status: str
    moderation_reason: str
    comments_count: int
    created_at: datetime
    last_activity_at: datetime


class CommentOut(Schema):
    id: int
    parent_id: int | None
    depth: int
    author: str
    body: str | None
    hidden: bool
    hidden_reason: str
    created_at: datetime
    replies: list["CommentOut"] = []


class TopicDetail(TopicOut):
    page: int
    pages: int
    comments: list[CommentOut]


class SlotOut(Schema):
    id: int
    kind: str
    place: str
    video_url: str
    subject: str
    starts_at: datetime
    ends_at: datetime
    status: str
    host_role: str
    host_role_label: str
    body: str


class BookingOut(Schema):
    id: int
    slot: SlotOut
    status: str
    matter: str
    outcome: str
    outcome_note: str
    appeal_number: str | None


class RatingRow(Schema):
    kind: str
    id: int
    name: str
    source: str
    published: bool
    count: int | None
    average: float | None


class RatingsOut(Schema):
    threshold: int
    eservices: list[RatingRow]
    bodies: list[RatingRow]
    appeals: list[RatingRow]


class RatingOut(Schema):
    id: int
    interaction: str
    score: int


def _topic(topic: Topic) -> dict:
    return {"id": topic.pk, "mahalla_id": topic.mahalla_id, "title": topic.title,
            "body": topic.body, "author": public_name(topic.author, topic.author_role),
            "status": topic.status, "moderation_reason": topic.moderation_reason,
            "comments_count": topic.comments_count, "created_at": topic.created_at,
            "last_activity_at": topic.last_activity_at}


def _comment(node: dict) -> dict:
    c = node["comment"]
    return {"id": c.pk, "parent_id": c.parent_id, "depth": c.depth, "author": node["author"],
            "body": c.body if node["show_text"] else None, "hidden": c.is_hidden,
            "hidden_reason": c.hidden_reason if c.is_hidden else "",
            "created_at": c.created_at, "replies": [_comment(r) for r in node["replies"]]}


def _slot(slot: ReceptionSlot) -> dict:
    return {"id": slot.pk, "kind": slot.kind, "place": slot.place, "video_url": slot.video_url,
            "subject": slot.subject, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
            "status": slot.status, "host_role": slot.host_role,
            "host_role_label": slot.host_role_label, "body": str(slot.body)}


def _booking(booking: Booking) -> dict:
    return {"id": booking.pk, "slot": _slot(booking.slot), "status": booking.status,
            "matter": booking.matter, "outcome": booking.outcome,
            "outcome_note": booking.outcome_note,
            "appeal_number": booking.appeal.number if booking.appeal_id else None}


# --- input (lenient: the services check every field) ---------------------------------------


class TopicsQuery(Schema):
    mahalla_id: int = Field(ge=1, le=MAX_ID)
    page: int = Field(1, ge=1, le=100_000)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)


class TopicIn(Schema):
    title: str = Field("", max_length=20_000)
    body: str = Field("", max_length=20_000)


class CommentIn(Schema):
    body: str = Field("", max_length=20_000)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)


class ReportIn(Schema):
    reason: str = Field("", max_length=32)
    note: str = Field("", max_length=20_000)


class ModerationIn(Schema):
    hide: bool = True
    reason: str = Field("", max_length=20_000)


class BlockIn(Schema):
    comment_id: int = Field(0, ge=0, le=MAX_ID)
    days: int = Field(0, ge=0, le=100_000)
    reason: str = Field("", max_length=20_000)


class SlotIn(Schema):
    kind: str = Field("", max_length=16)
    starts_at: str = Field("", max_length=64)
    ends_at: str = Field("", max_length=64)
    place: str = Field("", max_length=20_000)
    video_url: str = Field("", max_length=20_000)
    subject: str = Field("", max_length=20_000)


class BookIn(Schema):
    matter: str = Field("", max_length=20_000)
    consent: bool = False


class OutcomeIn(Schema):
    outcome: str = Field("", max_length=16)
    note: str = Field("", max_length=20_000)
    appeal_kind: str = Field("", max_length=16)
    category: str = Field("", max_length=32)


class RatingIn(Schema):
    interaction: str = Field("", max_length=16)
    object_id: int = Field(0, ge=0, le=MAX_ID)
    score: int = Field(0, ge=-100, le=100)
    comment: str = Field("", max_length=20_000)


# --- discussions ----------------------------------------------------------------------------


def _public_topic(user: User, pk: int) -> tuple[Topic, bool]:
    topic = Topic.objects.select_related("author").filter(pk=pk).first()
    if topic is None:
        raise NotFound(_("Not found."))
    moderator = perm.is_moderator(user, topic.mahalla_id)
    if topic.status == Topic.Status.HIDDEN and not moderator:
        raise NotFound(_("Not found."))
    return topic, moderator


@router.get("/topics", response={200: list[TopicOut], **ERRORS}, auth=None,
            url_name="community_topics")
def topics(request: HttpRequest, query: Query[TopicsQuery]):
    """Topics of a mahalla, most recently active first (20 a page). No personal data."""
    page = selectors.topic_page(query.mahalla_id, query.page)
    return [_topic(t) for t in page.object_list.select_related("author")]


@router.get("/topics/{pk}", response={200: TopicDetail, **ERRORS}, auth=None,
            url_name="community_topic")
def topic(request: HttpRequest, pk: Id, query: Query[PageQuery]):
    """A topic with a page of comment threads (20 threads a page); hidden text withheld."""
    topic, moderator = _public_topic(request.user, pk)
    page, threads = selectors.thread_page(topic, query.page, moderator=moderator)
    return {**_topic(topic), "page": page.number, "pages": page.paginator.num_pages,
            "comments": [_comment(n) for n in threads]}


@router.post("/mahallas/{mahalla_id}/topics", response={201: TopicOut, **ERRORS},
             url_name="community_topic_start")
@idempotent
def start_topic(request: HttpRequest, mahalla_id: Id, payload: TopicIn):
    """Start a topic: the mahalla's staff, or its residents with verified identity."""
    mahalla = Mahalla.objects.filter(pk=mahalla_id, is_active=True).first()
    if mahalla is None:
        raise NotFound(_("Not found."))
    topic = discussions.start_topic(mahalla=mahalla, title=payload.title, body=payload.body,
                                    author=request.auth)
    return Status(201, _topic(topic))


@router.post("/topics/{pk}/comments", response={201: CommentOut, **ERRORS},
             url_name="community_comment")
@idempotent
def comment(request: HttpRequest, pk: Id, payload: CommentIn):
    """Comment on a topic, or reply to a comment (`parent_id`)."""
    topic, _moderator = _public_topic(request.auth, pk)
    posted = discussions.post_comment(topic=topic, body=payload.body, author=request.auth,
                                      parent_id=payload.parent_id)
    return Status(201, _comment({"comment": posted, "show_text": True, "replies": [],
                                 "author": public_name(posted.author, posted.author_role)}))


def _comment_of(pk: int) -> Comment:
    found = Comment.objects.select_related("topic").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


@router.post("/comments/{pk}/report", response={201: dict, **ERRORS},
             url_name="community_report")
def report(request: HttpRequest, pk: Id, payload: ReportIn):
    """Report a comment to the moderators; once per person and comment."""
    discussions.report_comment(comment=_comment_of(pk), reporter=request.auth,
                               reason=payload.reason, note=payload.note)
    return Status(201, {"reported": True})


@router.post("/comments/{pk}/moderation", response={200: CommentOut, **ERRORS},
             url_name="community_moderate")
def moderate(request: HttpRequest, pk: Id, payload: ModerationIn):
    """Hide (or show again) a comment, with a reason: the mahalla's staff."""
    found = _comment_of(pk)
    if not perm.is_moderator(request.auth, found.topic.mahalla_id):
        raise PermissionDenied(_("Only this mahalla's staff moderate its discussions."))
    done = discussions.moderate_comment(comment=found, actor=request.auth, hide=payload.hide,
                                        reason=payload.reason)
    return _comment({"comment": done, "show_text": True, "replies": [],
                     "author": public_name(done.author, done.author_role)})


@router.post("/blocks", response={201: dict, **ERRORS}, url_name="community_block")
def block(request: HttpRequest, payload: BlockIn):
    """Block the author of a comment from the mahalla's discussions for 1–365 days."""
    if not perm.moderated_mahallas(request.auth).exists():
        raise PermissionDenied(_("Only this mahalla's staff moderate its discussions."))
    found = _comment_of(payload.comment_id) if payload.comment_id else None
    if found is None:
        raise NotFound(_("Not found."), field="comment_id")
    user = discussions.author_of_comment(comment=found, actor=request.auth)
    made = discussions.block_user(mahalla=found.topic.mahalla, user=user, actor=request.auth,
                                  days=payload.days, reason=payload.reason)
    return Status(201, {"id": made.pk, "ends_at": made.ends_at.isoformat()})


# --- virtual reception ----------------------------------------------------------------------


@router.get("/reception/slots", response={200: list[SlotOut], **ERRORS},
            url_name="community_slots")
def slots(request: HttpRequest):
    """Free future slots the signed-in resident may book."""
    return [_slot(s) for s in selectors.available_slots(request.auth)[:200]]


@router.post("/reception/staff/slots", response={201: SlotOut, **ERRORS},
             url_name="community_slot_publish")
@idempotent
def publish(request: HttpRequest, payload: SlotIn):
    """Publish a reception slot (mahalla staff, district officials, organization heads)."""
    slot = reception.publish_slot(host=request.auth, kind=payload.kind,
                                  starts_at=payload.starts_at, ends_at=payload.ends_at,
                                  place=payload.place, video_url=payload.video_url,
                                  subject=payload.subject)
    return Status(201, _slot(slot))


@router.get("/reception/bookings", response={200: list[BookingOut], **ERRORS},
            url_name="community_bookings")
def bookings(request: HttpRequest):
    """The signed-in resident's bookings, newest first."""
    return [_booking(b) for b in selectors.bookings_of(request.auth)[:100]]


@router.post("/reception/slots/{pk}/bookings", response={201: BookingOut, **ERRORS},
             url_name="community_book")
@idempotent
def book(request: HttpRequest, pk: Id, payload: BookIn):
    """Book a slot. 409 when someone else has just booked it."""
    slot = ReceptionSlot.objects.filter(perm.bookable_filter(request.auth), pk=pk).first()
    if slot is None:
        raise NotFound(_("Not found."))
    made = reception.book_slot(slot=slot, resident=request.auth, matter=payload.matter,
                               consent=payload.consent)
    return Status(201, _booking(made))


@router.post("/reception/bookings/{pk}/cancel", response={200: BookingOut, **ERRORS},
             url_name="community_booking_cancel")
def cancel(request: HttpRequest, pk: Id):
    """Cancel one's own booking before the slot starts."""
    found = Booking.objects.select_related("slot").filter(pk=pk, resident=request.auth.pk) \
        .first()
    if found is None:
        raise NotFound(_("Not found."))
    return _booking(reception.cancel_booking(booking=found, resident=request.auth))


@router.post("/reception/bookings/{pk}/outcome", response={200: BookingOut, **ERRORS},
             url_name="community_outcome")
def record_outcome(request: HttpRequest, pk: Id, payload: OutcomeIn):
    """Record the outcome (the official); `needs_action` files the resident's appeal."""
    if not perm.is_host(request.auth) and not perm.moderated_mahallas(request.auth).exists():
        raise PermissionDenied(_("You may not change this reception."))
    found = Booking.objects.select_related("slot").filter(pk=pk).first()
    if found is None or not perm.manages_slot(request.auth, found.slot):
        raise NotFound(_("Not found."))
    done = reception.record_outcome(booking=found, actor=request.auth, outcome=payload.outcome,
                                    note=payload.note, appeal_kind=payload.appeal_kind,
                                    category=payload.category)
    return _booking(Booking.objects.select_related("slot", "appeal").get(pk=done.pk))


# --- ratings --------------------------------------------------------------------------------


@router.get("/ratings/published", response={200: RatingsOut, **ERRORS}, auth=None,
            url_name="community_ratings")
def published(request: HttpRequest):
    """Published averages: only subjects with at least `threshold` ratings have one."""
    return ratings.published_ratings()


@router.post("/ratings", response={201: RatingOut, **ERRORS}, url_name="community_rate")
@idempotent
def rate(request: HttpRequest, payload: RatingIn):
    """Rate an e-service after a decided application, or a body after a held reception."""
    made = ratings.rate_service(resident=request.auth, interaction=payload.interaction,
                                object_id=payload.object_id, score=payload.score,
                                comment=payload.comment)
    return Status(201, {"id": made.pk, "interaction": made.interaction, "score": made.score})
