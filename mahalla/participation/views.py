"""Public and resident pages: petitions, questionnaires, votes. Each view parses, calls one
service and renders; everything works without JavaScript. Public pages show counts, never
signers, respondents or voters."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from mahalla.appeals.views.common import add_domain_error
from mahalla.core.exceptions import DomainError
from mahalla.core.scope import is_staff_role
from mahalla.core.verification import has_level
from mahalla.participation import charts, petitions, rules, surveys, voting
from mahalla.participation import forms as f
from mahalla.participation.models import Election, Petition, Survey
from mahalla.participation.questions import AnswersInvalid
from mahalla.participation.territory import home_mahalla, in_scope

PAGE_SIZE = 20


def _error_page(request, error: DomainError, template: str, context: dict):
    context = {**context, "error": error.message}
    return render(request, template, context, status=error.status_code)


def index(request):
    return render(request, "participation/index.html", {
        "petitions": Petition.objects.public().filter(status__in=Petition.SIGNABLE_STATUSES)
        .select_related("mahalla", "district", "region")[:5],
        "surveys": Survey.objects.filter(status=Survey.Status.OPEN)
        .select_related("mahalla", "district", "region")[:5],
        "elections": Election.objects.public().select_related("mahalla")[:5],
    })


# --- petitions ------------------------------------------------------------------------------


def petition_list(request):
    status = request.GET.get("status", "")
    petitions_qs = Petition.objects.public().select_related("mahalla", "district", "region")
    if status in Petition.Status.values:
        petitions_qs = petitions_qs.filter(status=status)
    page = Paginator(petitions_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/petition_list.html",
                  {"page": page, "status": status,
                   "statuses": [(s, Petition.Status(s).label) for s in Petition.PUBLIC_STATUSES]})


def _visible_petition(request, petition_id: int) -> Petition:
    petition = get_object_or_404(Petition.objects.select_related(
        "mahalla", "district", "region"), pk=petition_id)
    if petition.status in Petition.PUBLIC_STATUSES:
        return petition
    user = request.user
    if user.is_authenticated and (petition.author_id == user.pk
                                  or (is_staff_role(user) and in_scope(user, petition))):
        return petition
    raise Http404


def petition_detail(request, petition_id: int):
    petition = _visible_petition(request, petition_id)
    user = request.user
    signed = user.is_authenticated and petition.signatures.filter(signer=user).exists()
    mahalla = home_mahalla(user) if user.is_authenticated else None
    return render(request, "participation/petition_detail.html", {
        "petition": petition, "signed": signed,
        "may_sign": (petition.status in Petition.SIGNABLE_STATUSES and not signed
                     and timezone.now() < petition.sign_until and petition.covers_mahalla(mahalla)
                     and has_level(user, rules.SIGN_PETITION_LEVEL)),
        "verified": user.is_authenticated and has_level(user, rules.SIGN_PETITION_LEVEL),
    })


@login_required
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def petition_new(request):
    status = 200
    if request.method == "POST":
        form = f.PetitionForm(request.POST)
        if form.is_valid():
            try:
                petition = petitions.start_petition(author=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                return redirect("participation:petition", petition_id=petition.pk)
        else:
            status = 400
    else:
        form = f.PetitionForm()
    return render(request, "participation/petition_new.html", {
        "form": form, "verified": has_level(request.user, rules.START_PETITION_LEVEL),
        "home": home_mahalla(request.user)}, status=status)


@login_required
@require_POST
def petition_sign(request, petition_id: int):
    petition = _visible_petition(request, petition_id)
    try:
        petitions.sign_petition(petition=petition, signer=request.user)
    except DomainError as error:
        petition.refresh_from_db()
        signed = petition.signatures.filter(signer=request.user).exists()
        return _error_page(request, error, "participation/petition_detail.html", {
            "petition": petition, "signed": signed, "may_sign": False,
            "verified": has_level(request.user, rules.SIGN_PETITION_LEVEL)})
    return redirect("participation:petition", petition_id=petition.pk)


# --- questionnaires -------------------------------------------------------------------------


def _public_survey(survey_id: int) -> Survey:
    return get_object_or_404(Survey.objects.public().select_related(
        "mahalla", "district", "region"), pk=survey_id)


def survey_detail(request, survey_id: int, form=None, status: int = 200, error: str = ""):
    survey = _public_survey(survey_id)
    user = request.user
    answered = surveys.has_responded(survey, user)
    mahalla = home_mahalla(user) if user.is_authenticated else None
    may_answer = (survey.status == Survey.Status.OPEN and not answered
                  and survey.covers_mahalla(mahalla)
                  and has_level(user, rules.RESPOND_SURVEY_LEVEL))
    if may_answer and form is None:
        form = f.survey_form(survey.questions)
    return render(request, "participation/survey_detail.html", {
        "survey": survey, "answered": answered, "form": form if may_answer else None,
        "error": error}, status=status)


@login_required
@require_POST
def survey_respond(request, survey_id: int):
    survey = _public_survey(survey_id)
    try:
        surveys.require_respondent(survey=survey, respondent=request.user)
    except DomainError as error:
        return survey_detail(request, survey_id, status=error.status_code, error=error.message)
    form = f.survey_form(survey.questions, data=request.POST)
    if not form.is_valid():
        return survey_detail(request, survey_id, form=form, status=400)
    try:
        surveys.respond(survey=survey, respondent=request.user, answers=form.cleaned_data)
    except AnswersInvalid as error:
        for qid, message in error.errors.items():
            form.add_error(qid if qid in form.fields else None, message)
        return survey_detail(request, survey_id, form=form, status=400)
    except DomainError as error:
        return survey_detail(request, survey_id, status=error.status_code, error=error.message)
    return redirect("participation:survey", survey_id=survey.pk)


def survey_results(request, survey_id: int):
    """Public once closed; staff in scope see them while open too."""
    survey = get_object_or_404(Survey.objects.select_related("mahalla", "district", "region"),
                               pk=survey_id)
    staff = request.user.is_authenticated and is_staff_role(request.user) \
        and in_scope(request.user, survey)
    if survey.status != Survey.Status.CLOSED and not staff:
        raise Http404
    items = surveys.results(survey)
    for number, item in enumerate(items, start=1):
        if "bars" in item:
            item["chart"] = charts.bar_chart(title=item["question"]["text"], bars=item["bars"],
                                             chart_id=f"chart-{number}")
    return render(request, "participation/survey_results.html",
                  {"survey": survey, "items": items, "staff": staff})


# --- votes ----------------------------------------------------------------------------------


def _public_election(election_id: int) -> Election:
    return get_object_or_404(Election.objects.public().select_related("mahalla"),
                             pk=election_id)


def election_detail(request, election_id: int):
    election = _public_election(election_id)
    user = request.user
    now = timezone.now()
    return render(request, "participation/election_detail.html", {
        "election": election, "options": election.options.all(),
        "voting_now": election.status == Election.Status.OPEN
        and election.opens_at <= now < election.closes_at,
        "on_roll": voting.on_roll(election, user), "voted": voting.has_voted(election, user),
        "tally": _tally_rows(election), "receipt_form": f.ReceiptForm(),
    })


def _tally_rows(election: Election) -> list[dict]:
    if election.status != Election.Status.CLOSED:
        return []
    bars = [{"label": o.label, "count": int(election.tally.get(str(o.pk), 0))}
            for o in election.options.all()]
    return [{"bars": bars, "chart": charts.bar_chart(title=election.title, bars=bars,
                                                    chart_id="tally")}]


@login_required
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def election_vote(request, election_id: int):
    """The ballot form; after a vote, the receipt code is shown once (never stored)."""
    election = _public_election(election_id)
    options = list(election.options.all())
    status, error = 200, ""
    try:
        voting.require_voter(election=election, voter=request.user)
    except DomainError as exc:
        status, error = exc.status_code, exc.message
    if status != 200:
        form = f.VoteForm(options=options)
    elif request.method == "POST":
        form = f.VoteForm(request.POST, options=options)
        if form.is_valid():
            try:
                code = voting.cast_vote(election=election, voter=request.user,
                                        option_id=form.cleaned_data["option"])
            except DomainError as exc:
                status, error = exc.status_code, exc.message
            else:
                response = render(request, "participation/election_receipt_code.html",
                                  {"election": election, "code": code})
                response["Cache-Control"] = "no-store"
                return response
        else:
            status = 400
    else:
        form = f.VoteForm(options=options)
    return render(request, "participation/election_vote.html", {
        "election": election, "form": form, "error": error,
        "on_roll": voting.on_roll(election, request.user),
        "voted": voting.has_voted(election, request.user)}, status=status)


def election_ballots_json(request, election_id: int):
    election = _public_election(election_id)
    try:
        document = voting.published_ballots(election)
    except DomainError as error:
        raise Http404 from error
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="ballots-{election.pk}.json"'
    return response


def election_ballots_csv(request, election_id: int):
    election = _public_election(election_id)
    try:
        document = voting.published_ballots(election)
    except DomainError as error:
        raise Http404 from error
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ballot", "option", "receipt_sha256", "ballot_sha256"])
    for row in document["ballots"]:
        writer.writerow([row["ballot"], row["option"], row["receipt_sha256"],
                         row["ballot_sha256"]])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballots-{election.pk}.csv"'
    return response


@ratelimit(key="ip", rate="60/h", method="POST", block=True)
def election_receipt(request, election_id: int):
    """Anyone with a receipt code checks that its ballot is in the published list."""
    election = _public_election(election_id)
    found, checked, status = None, False, 200
    form = f.ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = voting.find_receipt(election=election, code=form.cleaned_data["code"])
            checked = True
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
    elif request.method == "POST":
        status = 400
    response = render(request, "participation/election_receipt.html", {
        "election": election, "form": form, "found": found, "checked": checked},
        status=status)
    response["Cache-Control"] = "no-store"
    return response
