"""Typed shapes of the appeals API: what a client sends and what it gets back.

Choices are inline enums built from the models' TextChoices, so the OpenAPI document lists
the allowed codes without a second copy of them here. Whether a value is acceptable beyond
its shape (text length, HTML, the map point, photos) is decided by the services.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator

from mahalla.appeals.models import Appeal
from mahalla.appeals.selectors import SORTS
from mahalla.core.categories import Category

# Keys of rows are 32-bit in every database we run on; a larger number cannot name a row.
MAX_ID = 2_147_483_647


def _choices(*values: str) -> Any:
    return Literal[values]  # type: ignore[valid-type]


def _storable(value: str) -> str:
    # Databases refuse NUL and lone surrogates (which JSON escapes can carry): refuse them here
    # as bad input rather than fail on saving.
    if "\x00" in value:
        raise ValueError("NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode") from exc
    return value


Text = Annotated[str, AfterValidator(_storable)]
Number = Annotated[str, Path(max_length=20, pattern=r"^[A-Za-z0-9-]+$")]
Token = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
KindCode = _choices(*Appeal.Kind.values)
CategoryCode = _choices(*Category.values)
StatusCode = _choices(*Appeal.Status.values)
PriorityCode = _choices(*Appeal.Priority.values)
ContactCode = _choices(*Appeal.Contact.values)
QueueStatus = _choices("open", *Appeal.Status.values)
QueueSort = _choices(*SORTS)


class ErrorOut(Schema):
    error: str
    field: str | None = None


# --- input ----------------------------------------------------------------------------------


class AppealIn(Schema):
    """An appeal or problem report; sent as multipart form fields next to the photos."""

    kind: KindCode
    category: CategoryCode
    text: Text = Field(max_length=20_000)
    mahalla: Text = Field("", max_length=20, description="Mahalla code; found from the map "
                                                            "point when empty.")
    latitude: float | None = None
    longitude: float | None = None
    address: Text = Field("", max_length=1000)
    contact: ContactCode = Appeal.Contact.IN_APP.value
    consent: bool = Field(False, description="Consent to personal-data processing; required "
                                             "unless the appeal is anonymous.")
    anonymous: bool = False


class QueueQuery(Schema):
    status: QueueStatus | None = Field(None, description="A status, or “open” for any open one.")
    category: CategoryCode | None = None
    mahalla: Text = Field("", max_length=20, description="Mahalla code.")
    organization: Id | None = None
    overdue: bool = False
    mine: bool = Field(False, description="Only appeals assigned to me.")
    q: Text = Field("", max_length=200, description="Search in text and number, any script.")
    sort: QueueSort = "deadline"


class NearbyQuery(Schema):
    category: CategoryCode
    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False)


class PublicReportsQuery(Schema):
    category: CategoryCode | None = None
    district: Text = Field("", max_length=10, description="District SOATO code.")


class AssignIn(Schema):
    executor_id: Id


class BulkAssignIn(Schema):
    numbers: list[Annotated[Text, Field(max_length=20)]] = Field(min_length=1, max_length=100)
    executor_id: Id


class TextIn(Schema):
    text: Text = Field(max_length=20_000)


class ReasonIn(Schema):
    reason: Text = Field(max_length=20_000)


class ForwardIn(Schema):
    organization_id: Id
    reason: Text = Field(max_length=20_000)


class MergeIn(Schema):
    into_number: Text = Field(max_length=20)


class ExtendIn(Schema):
    days: int = Field(description="1 to 30 days.")
    reason: Text = Field(max_length=20_000)


class PriorityIn(Schema):
    priority: PriorityCode


class CategoryIn(Schema):
    category: CategoryCode


class ModerateIn(Schema):
    publish: bool
    public_photo_ids: list[Id] = Field(default_factory=list, max_length=50)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: Text = Field("", max_length=20_000)


# --- output ---------------------------------------------------------------------------------


class MahallaRef(Schema):
    code: str
    name: str


class TerritoryRef(Schema):
    soato: str
    name: str


class OrganizationRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str


class AuthorOut(Schema):
    """The applicant, shown to the staff who work the appeal only."""

    id: int
    full_name: str
    phone: str


class PhotoOut(Schema):
    id: int
    stage: str
    url: str
    thumbnail_url: str
    width: int
    height: int
    is_public: bool


class StepOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    actor_role: str
    actor: str | None = Field(None, description="Who acted; shown to staff only.")
    internal: bool
    created_at: datetime


class AppealCreated(Schema):
    number: str
    kind: str
    category: str
    status: str
    mahalla: MahallaRef | None = Field(None, description="Empty when the appeal is in its "
                                       "district's or region's own queue.")
    district: TerritoryRef | None = None
    region: TerritoryRef
    organization: OrganizationRef | None
    created_at: datetime
    due_at: datetime | None
    tracking_token: str | None = Field(
        description="Private key of the tracking link; given once, when the appeal is created.")


class AppealRow(Schema):
    """A line of a list: the resident's appeals or the staff queue."""

    number: str
    kind: str
    category: str
    status: str
    priority: str
    text: str
    mahalla: MahallaRef | None = Field(None, description="Empty when the appeal is in its "
                                       "district's or region's own queue.")
    district: TerritoryRef | None = None
    region: TerritoryRef
    organization: OrganizationRef | None
    executor: PersonRef | None = Field(None, description="Staff queue only.")
    created_at: datetime
    due_at: datetime | None
    is_overdue: bool
    supporters_count: int


class AppealTrack(Schema):
    """What the private tracking link shows, without an account."""

    number: str
    kind: str
    category: str
    status: str
    text: str
    mahalla: MahallaRef | None = Field(None, description="Empty when the appeal is in its "
                                       "district's or region's own queue.")
    district: TerritoryRef | None = None
    region: TerritoryRef
    organization: OrganizationRef | None
    created_at: datetime
    registered_at: datetime | None
    due_at: datetime | None
    answer: str
    answered_at: datetime | None
    closed_at: datetime | None
    merged_into: str | None
    photos: list[PhotoOut]
    timeline: list[StepOut]


class AppealDetail(AppealTrack):
    """The author's and the staff's view of one appeal."""

    priority: str
    channel: str
    address: str
    latitude: float | None
    longitude: float | None
    is_anonymous: bool
    extended: bool
    extra_study: bool
    is_overdue: bool
    is_public: bool
    supporters_count: int
    rating: int | None
    rating_comment: str
    reopen_count: int
    executor: PersonRef | None = Field(None, description="Staff only.")
    author: AuthorOut | None = Field(None, description="Staff only; never for anonymous ones.")


class BulkAssigned(Schema):
    number: str
    status: str


class SupportOut(Schema):
    number: str
    supporters_count: int


class NearbyReport(Schema):
    """An open problem report near a point: public fields only; text once moderated."""

    number: str
    category: str
    status: str
    distance_m: float
    created_at: datetime
    supporters_count: int
    text: str | None


class PublicReport(Schema):
    number: str
    category: str
    status: str
    mahalla: str
    latitude: float
    longitude: float
    text: str
    created_at: datetime
    supporters_count: int
    photos: list[str] = Field(description="URLs of the photos published by moderators.")
