"""Staff pages: moderate and answer petitions, run questionnaires and votes in their scope.
Every list goes through `core.scope`; every change through a service that checks again."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mahalla.appeals.views.common import add_domain_error, staff_required
from mahalla.core.exceptions import DomainError
from mahalla.core.scope import scope_queryset
from mahalla.participation import forms as f
from mahalla.participation import petitions, surveys, voting
from mahalla.participation.models import (
    ADDRESSED_PATHS,
    ELECTION_PATHS,
    Election,
    Petition,
    Survey,
)
from mahalla.participation.territory import can_act_as_staff, staff_targets

LIST_SIZE = 100


def _action(request) -> str | None:
    """The button pressed: <button name="open"> or <button name="close"> (or action=…)."""
    action = request.POST.get("action")
    if action:
        return action
    return next((name for name in ("open", "close") if name in request.POST), None)


def _petitions(user):
    return scope_queryset(user, Petition.objects.select_related("mahalla", "district", "region"),
                          ADDRESSED_PATHS)


def _surveys(user):
    return scope_queryset(user, Survey.objects.select_related("mahalla", "district", "region"),
                          ADDRESSED_PATHS)


def _elections(user):
    return scope_queryset(user, Election.objects.select_related("mahalla"), ELECTION_PATHS)


@staff_required
def dashboard(request):
    user = request.user
    return render(request, "participation/staff/dashboard.html", {
        "pending": _petitions(user).filter(status=Petition.Status.PENDING)[:LIST_SIZE],
        "answer_due": _petitions(user).filter(status=Petition.Status.ANSWER_DUE)
        .order_by("answer_due_at")[:LIST_SIZE],
        "open_petitions": _petitions(user).filter(status=Petition.Status.OPEN)[:LIST_SIZE],
        "surveys": _surveys(user)[:LIST_SIZE], "elections": _elections(user)[:LIST_SIZE],
        "may_act": can_act_as_staff(user),
    })


# --- petitions ------------------------------------------------------------------------------


@staff_required
def petition(request, petition_id: int, moderate_form=None, answer_form=None, status=200):
    item = get_object_or_404(_petitions(request.user), pk=petition_id)
    return render(request, "participation/staff/petition.html", {
        "petition": item, "may_act": can_act_as_staff(request.user),
        "moderate_form": moderate_form or f.ModerateForm(),
        "answer_form": answer_form or f.AnswerForm(),
    }, status=status)


@staff_required
@require_POST
def petition_moderate(request, petition_id: int):
    item = get_object_or_404(_petitions(request.user), pk=petition_id)
    form = f.ModerateForm(request.POST)
    if not form.is_valid():
        return petition(request, petition_id, moderate_form=form, status=400)
    try:
        petitions.moderate_petition(petition=item, actor=request.user,
                                    publish=form.cleaned_data["decision"] == "publish",
                                    reason=form.cleaned_data["reason"])
    except DomainError as error:
        add_domain_error(form, error)
        return petition(request, petition_id, moderate_form=form, status=error.status_code)
    return redirect("participation:staff_petition", petition_id=item.pk)


@staff_required
@require_POST
def petition_answer(request, petition_id: int):
    item = get_object_or_404(_petitions(request.user), pk=petition_id)
    form = f.AnswerForm(request.POST)
    if not form.is_valid():
        return petition(request, petition_id, answer_form=form, status=400)
    try:
        petitions.answer_petition(petition=item, actor=request.user,
                                  text=form.cleaned_data["answer"])
    except DomainError as error:
        add_domain_error(form, error)
        return petition(request, petition_id, answer_form=form, status=error.status_code)
    return redirect("participation:staff_petition", petition_id=item.pk)


# --- questionnaires -------------------------------------------------------------------------


def _create_page(request, *, form_class, targets, create, template, created_url):
    """A staff form that creates one thing through `create(actor=..., **cleaned_data)`."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, targets=targets)
        if form.is_valid():
            try:
                created = create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                return redirect(created_url(created))
        else:
            status = 400
    else:
        form = form_class(targets=targets)
    return render(request, template, {"form": form, "may_act": bool(targets)}, status=status)


def _open_or_close(request, *, open_it, close_it, done_url):
    """Runs the posted open/close action: (response to return, error message, status)."""
    action = _action(request)
    try:
        if action == "open":
            open_it()
        elif action == "close":
            close_it()
        else:
            return HttpResponse(status=400), "", 400
    except DomainError as exc:
        return None, exc.message, exc.status_code
    return redirect(done_url), "", 200


@staff_required
def survey_new(request):
    return _create_page(
        request, form_class=f.SurveyForm, targets=staff_targets(request.user),
        create=surveys.create_survey, template="participation/staff/survey_new.html",
        created_url=lambda survey: reverse("participation:staff_survey", args=[survey.pk]))


@staff_required
def survey(request, survey_id: int):
    item = get_object_or_404(_surveys(request.user), pk=survey_id)
    error, status = "", 200
    if request.method == "POST":
        response, error, status = _open_or_close(
            request, open_it=lambda: surveys.open_survey(survey=item, actor=request.user),
            close_it=lambda: surveys.close_survey(survey=item, actor=request.user),
            done_url=reverse("participation:staff_survey", args=[item.pk]))
        if response is not None:
            return response
    return render(request, "participation/staff/survey.html", {
        "survey": item, "may_act": can_act_as_staff(request.user), "error": error},
        status=status)


@staff_required
def survey_export(request, survey_id: int, fmt: str):
    item = get_object_or_404(_surveys(request.user), pk=survey_id)
    if fmt == "csv":
        body = "\ufeff" + surveys.export_csv(survey=item, actor=request.user)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            surveys.export_xlsx(survey=item, actor=request.user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="survey-{item.pk}.{fmt}"'
    return response


# --- votes ----------------------------------------------------------------------------------


@staff_required
def election_new(request):
    return _create_page(
        request, form_class=f.ElectionForm,
        targets=[t for t in staff_targets(request.user) if t[0].startswith("m:")],
        create=voting.create_election, template="participation/staff/election_new.html",
        created_url=lambda election: reverse("participation:staff_election",
                                             args=[election.pk]))


@staff_required
def election(request, election_id: int):
    item = get_object_or_404(_elections(request.user), pk=election_id)
    error, status = "", 200
    if request.method == "POST":
        response, error, status = _open_or_close(
            request, open_it=lambda: voting.open_election(election=item, actor=request.user),
            close_it=lambda: voting.close_election(election=item, actor=request.user),
            done_url=reverse("participation:staff_election", args=[item.pk]))
        if response is not None:
            return response
    return render(request, "participation/staff/election.html", {
        "election": item, "options": item.options.all(),
        "may_act": can_act_as_staff(request.user), "error": error,
        "casts": item.casts.count()}, status=status)
