"""/api/v1/participation: petitions, questionnaires and votes.

Reading is public (counts, never names); signing, answering and voting need a login; the
caller is `request.auth`. Objects that are not public answer 404 to those outside their scope.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from config.api_auth import AUTH, OPTIONAL_AUTH, optional_security
from mahalla.appeals.schemas import ErrorOut
from mahalla.core.exceptions import NotFound
from mahalla.core.scope import is_staff_role
from mahalla.ops.idempotency import idempotent
from mahalla.participation import petitions, surveys, voting
from mahalla.participation.models import Election, Petition, Survey
from mahalla.participation.territory import in_scope

router = Router(tags=["participation"], auth=AUTH)

ERRORS: dict[int, type[Schema]] = {code: ErrorOut for code in (400, 401, 403, 404, 409)}
MAX_ID = 2**31 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
OPEN = optional_security()


class TerritoryOut(Schema):
    level: str
    mahalla_id: int | None
    district_id: int | None
    region_id: int
    name: str


class PetitionOut(Schema):
    id: int
    title: str
    text: str
    status: str
    territory: TerritoryOut
    threshold: int
    signatures: int
    sign_until: datetime
    answer_due_at: datetime | None
    answer: str
    answered_at: datetime | None
    created_at: datetime


class PetitionIn(Schema):
    level: Literal["mahalla", "district", "region"]
    title: str = Field(max_length=200)
    text: str = Field(max_length=5000)


class ModerateIn(Schema):
    publish: bool
    reason: str = Field("", max_length=2000)


class AnswerIn(Schema):
    text: str = Field(max_length=5000)


class ListQuery(Schema):
    status: str = Field("", max_length=20)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    status: str
    territory: TerritoryOut
    questions: list[dict[str, Any]]
    closes_at: datetime
    responses: int


class ResponseIn(Schema):
    answers: dict[str, Any]


class Done(Schema):
    ok: bool = True


class ResultOut(Schema):
    question: dict[str, Any]
    answered: int
    total: int
    bars: list[dict[str, Any]] | None = None
    average: float | None = None
    texts: list[str] | None = None


class OptionOut(Schema):
    id: int
    label: str


class ElectionOut(Schema):
    id: int
    title: str
    description: str
    status: str
    mahalla_id: int
    options: list[OptionOut]
    roll_date: str
    roll_size: int
    opens_at: datetime
    closes_at: datetime
    tally: dict[str, int]
    ballots_sha256: str


class VoteIn(Schema):
    option: int = Field(ge=1, le=MAX_ID)


class ReceiptOut(Schema):
    receipt_code: str


class ReceiptIn(Schema):
    code: str = Field(max_length=40)


class ReceiptCheckOut(Schema):
    found: bool
    ballot: dict[str, Any] | None = None


def _territory(obj) -> dict:
    return {"level": obj.level, "mahalla_id": obj.mahalla_id, "district_id": obj.district_id,
            "region_id": obj.region_id, "name": str(obj.territory)}


def _petition_out(p: Petition) -> dict:
    return {"id": p.pk, "title": p.title, "text": p.text, "status": p.status,
            "territory": _territory(p), "threshold": p.threshold,
            "signatures": p.signature_count, "sign_until": p.sign_until,
            "answer_due_at": p.answer_due_at, "answer": p.answer,
            "answered_at": p.answered_at, "created_at": p.created_at}


def _survey_out(s: Survey) -> dict:
    return {"id": s.pk, "title": s.title, "description": s.description, "status": s.status,
            "territory": _territory(s), "questions": s.questions, "closes_at": s.closes_at,
            "responses": s.response_count}


def _election_out(e: Election) -> dict:
    return {"id": e.pk, "title": e.title, "description": e.description, "status": e.status,
            "mahalla_id": e.mahalla_id,
            "options": [{"id": o.pk, "label": o.label} for o in e.options.all()],
            "roll_date": e.roll_date.isoformat(), "roll_size": e.roll_size,
            "opens_at": e.opens_at, "closes_at": e.closes_at, "tally": e.tally,
            "ballots_sha256": e.ballots_sha256}


def _public_petition(request: HttpRequest, petition_id: int) -> Petition:
    petition = Petition.objects.select_related("mahalla", "district", "region") \
        .filter(pk=petition_id).first()
    if petition is None:
        raise NotFound(_("Not found."))
    if petition.status not in Petition.PUBLIC_STATUSES:
        user = request.auth
        allowed = getattr(user, "is_authenticated", False) and (
            petition.author_id == user.pk or (is_staff_role(user) and in_scope(user, petition)))
        if not allowed:
            raise NotFound(_("Not found."))
    return petition


# --- petitions ------------------------------------------------------------------------------


@router.get("/petitions", response={200: list[PetitionOut], **ERRORS}, auth=None,
            url_name="participation_petitions")
def petition_list(request: HttpRequest, query: Query[ListQuery]):
    items = Petition.objects.public().select_related("mahalla", "district", "region")
    if query.status in Petition.Status.values:
        items = items.filter(status=query.status)
    return [_petition_out(p) for p in items[query.offset:query.offset + query.limit]]


@router.post("/petitions/start", response={201: PetitionOut, **ERRORS},
             url_name="participation_petition_start")
@idempotent
def petition_start(request: HttpRequest, body: PetitionIn):
    petition = petitions.start_petition(author=request.auth, level=body.level,
                                        title=body.title, text=body.text)
    return Status(201, _petition_out(petition))


@router.get("/petitions/{petition_id}", response={200: PetitionOut, **ERRORS},
            auth=OPTIONAL_AUTH, openapi_extra=OPEN, url_name="participation_petition")
def petition_detail(request: HttpRequest, petition_id: ObjectId):
    return _petition_out(_public_petition(request, petition_id))


@router.post("/petitions/{petition_id}/sign", response={200: PetitionOut, **ERRORS},
             url_name="participation_petition_sign")
def petition_sign(request: HttpRequest, petition_id: ObjectId):
    petition = _public_petition(request, petition_id)
    return _petition_out(petitions.sign_petition(petition=petition, signer=request.auth))


@router.post("/petitions/{petition_id}/moderate", response={200: PetitionOut, **ERRORS},
             url_name="participation_petition_moderate")
def petition_moderate(request: HttpRequest, petition_id: ObjectId, body: ModerateIn):
    petition = get_object_or_404(Petition, pk=petition_id)
    return _petition_out(petitions.moderate_petition(
        petition=petition, actor=request.auth, publish=body.publish, reason=body.reason))


@router.post("/petitions/{petition_id}/answer", response={200: PetitionOut, **ERRORS},
             url_name="participation_petition_answer")
def petition_answer(request: HttpRequest, petition_id: ObjectId, body: AnswerIn):
    petition = get_object_or_404(Petition, pk=petition_id)
    return _petition_out(petitions.answer_petition(petition=petition, actor=request.auth,
                                                   text=body.text))


# --- questionnaires -------------------------------------------------------------------------


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS}, auth=None,
            url_name="participation_surveys")
def survey_list(request: HttpRequest, query: Query[ListQuery]):
    items = Survey.objects.public().select_related("mahalla", "district", "region")
    if query.status in Survey.Status.values:
        items = items.filter(status=query.status)
    return [_survey_out(s) for s in items[query.offset:query.offset + query.limit]]


@router.get("/surveys/{survey_id}", response={200: SurveyOut, **ERRORS}, auth=None,
            url_name="participation_survey")
def survey_detail(request: HttpRequest, survey_id: ObjectId):
    return _survey_out(get_object_or_404(Survey.objects.public(), pk=survey_id))


@router.post("/surveys/{survey_id}/responses", response={201: Done, **ERRORS},
             url_name="participation_survey_respond")
def survey_respond(request: HttpRequest, survey_id: ObjectId, body: ResponseIn):
    survey = get_object_or_404(Survey.objects.public(), pk=survey_id)
    surveys.require_respondent(survey=survey, respondent=request.auth)
    surveys.respond(survey=survey, respondent=request.auth, answers=body.answers)
    return Status(201, {"ok": True})


@router.get("/surveys/{survey_id}/results", response={200: list[ResultOut], **ERRORS},
            auth=OPTIONAL_AUTH, openapi_extra=OPEN, url_name="participation_survey_results")
def survey_results(request: HttpRequest, survey_id: ObjectId):
    survey = get_object_or_404(Survey, pk=survey_id)
    user = request.auth
    staff = getattr(user, "is_authenticated", False) and is_staff_role(user) \
        and in_scope(user, survey)
    if survey.status != Survey.Status.CLOSED and not staff:
        raise NotFound(_("Not found."))
    return surveys.results(survey)


# --- votes ----------------------------------------------------------------------------------


@router.get("/elections", response={200: list[ElectionOut], **ERRORS}, auth=None,
            url_name="participation_elections")
def election_list(request: HttpRequest, query: Query[ListQuery]):
    items = Election.objects.public().prefetch_related("options")
    if query.status in Election.Status.values:
        items = items.filter(status=query.status)
    return [_election_out(e) for e in items[query.offset:query.offset + query.limit]]


@router.get("/elections/{election_id}", response={200: ElectionOut, **ERRORS}, auth=None,
            url_name="participation_election")
def election_detail(request: HttpRequest, election_id: ObjectId):
    return _election_out(get_object_or_404(Election.objects.public(), pk=election_id))


@router.post("/elections/{election_id}/vote", response={201: ReceiptOut, **ERRORS},
             url_name="participation_vote")
def election_vote(request: HttpRequest, election_id: ObjectId, body: VoteIn):
    election = get_object_or_404(Election.objects.public(), pk=election_id)
    voting.require_voter(election=election, voter=request.auth)
    code = voting.cast_vote(election=election, voter=request.auth, option_id=body.option)
    return Status(201, {"receipt_code": code})


@router.get("/elections/{election_id}/ballots", response={200: dict[str, Any], **ERRORS},
            auth=None, url_name="participation_ballots")
def election_ballots(request: HttpRequest, election_id: ObjectId):
    election = get_object_or_404(Election.objects.public().select_related("mahalla"),
                                 pk=election_id)
    return voting.published_ballots(election)


@router.post("/elections/{election_id}/receipt", response={200: ReceiptCheckOut, **ERRORS},
             auth=None, url_name="participation_receipt")
def election_receipt(request: HttpRequest, election_id: ObjectId, body: ReceiptIn):
    election = get_object_or_404(Election.objects.public(), pk=election_id)
    ballot = voting.find_receipt(election=election, code=body.code)
    return {"found": ballot is not None, "ballot": ballot}
