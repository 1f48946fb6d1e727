"""Staff pages: the work queue and one appeal with the actions the person may take."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from mahalla.appeals import forms as f
from mahalla.appeals.models import Appeal
from mahalla.appeals.permissions import ACTION_ROLES, can, can_view, visible_appeals
from mahalla.appeals.selectors import (
    QueueFilters,
    bulk_executors,
    queue_mahallas,
    staff_queue,
    timeline,
)
from mahalla.appeals.services import workflow
from mahalla.appeals.services.submit import nearby_open_reports
from mahalla.appeals.views.common import (
    add_domain_error,
    is_htmx,
    photo_links,
    safe_next,
    split_photos,
    staff_required,
)
from mahalla.core.exceptions import DomainError

PAGE_SIZE = 25
S = Appeal.Status

# Queue ------------------------------------------------------------------------------------


def _may_assign(user) -> bool:
    return user.is_superuser or user.role in ACTION_ROLES["assign"]


def _queue_context(request, params: QueryDict, bulk_form=None) -> dict:
    user = request.user
    form = f.QueueFilterForm(params, mahallas=list(queue_mahallas(user)))
    form.is_valid()  # a bad filter value is shown on its field and otherwise ignored
    data = form.cleaned_data
    filters = QueueFilters(
        status=data.get("status") or "", category=data.get("category") or "",
        mahalla=data.get("mahalla") or "", overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")), q=data.get("q") or "", sort=data.get("sort") or "deadline")
    page = Paginator(staff_queue(user, filters), PAGE_SIZE).get_page(params.get("page"))
    if bulk_form is None and _may_assign(user):
        bulk_form = f.BulkAssignForm(executors=bulk_executors(user))
    return {"form": form, "page": page, "bulk_form": bulk_form, "now": timezone.now()}


@staff_required
def queue(request):
    """The work queue; an HTMX request gets only the results table."""
    context = _queue_context(request, request.GET)
    if is_htmx(request):
        response = render(request, "appeals/staff/_queue_results.html", {**context, "oob": True})
    else:
        response = render(request, "appeals/staff/queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff_required
@require_POST
def bulk_assign(request):
    user = request.user
    queue_url = reverse("appeals:queue")
    back = safe_next(request, queue_url)
    form = f.BulkAssignForm(request.POST, executors=bulk_executors(user))
    numbers = request.POST.getlist("appeal")[:PAGE_SIZE * 4]
    status = 400
    if form.is_valid():
        appeals = list(visible_appeals(user).filter(number__in=numbers))
        if not appeals:
            form.add_error(None, _("Select at least one appeal in the table."))
        else:
            try:
                workflow.bulk_assign(appeals=appeals, executor=form.cleaned_data["executor"],
                                     actor=user)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, ngettext(
                    "%(count)d appeal was assigned to %(name)s.",
                    "%(count)d appeals were assigned to %(name)s.", len(appeals))
                    % {"count": len(appeals), "name": form.cleaned_data["executor"]})
                return redirect(back)
    params = QueryDict(urlsplit(back).query)
    context = _queue_context(request, params, bulk_form=form)
    context["selected"] = set(numbers)
    context["next_url"] = back
    return render(request, "appeals/staff/queue.html", context, status=status)


# One appeal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    run: Callable
    done: str
    statuses: frozenset | None = None  # when the form is offered; the service decides
    danger: bool = False


def _merge(appeal, data, request):
    number = data["into"].strip().upper()
    target = visible_appeals(request.user).filter(number=number).first()
    if target is None:
        raise DomainError(_("There is no appeal with this number in your queue."), field="into")
    return workflow.merge_duplicate(appeal=appeal, into=target, actor=request.user)


WORKABLE = frozenset(workflow.WORKABLE)
ACTIONS: dict[str, Action] = {
    "assign": Action(
        gettext_lazy("Assign an executor"), f.AssignForm,
        lambda a, d, r: workflow.assign_appeal(appeal=a, executor=d["executor"], actor=r.user),
        gettext_lazy("The executor was assigned."), WORKABLE),
    "start": Action(
        gettext_lazy("Start work"), f.NoInputForm,
        lambda a, d, r: workflow.start_work(appeal=a, actor=r.user),
        gettext_lazy("Work has started; the applicant was told."),
        frozenset({S.REGISTERED, S.ASSIGNED, S.FORWARDED})),
    "answer": Action(
        gettext_lazy("Answer the applicant"), f.AnswerForm,
        lambda a, d, r: workflow.answer_appeal(appeal=a, text=d["text"], actor=r.user,
                                               photos=r.FILES.getlist("answer-photos")),
        gettext_lazy("The answer was sent to the applicant."), WORKABLE),
    "comment": Action(
        gettext_lazy("Add an internal comment"), f.CommentForm,
        lambda a, d, r: workflow.add_comment(appeal=a, text=d["text"], actor=r.user),
        gettext_lazy("The comment was added.")),
    "forward": Action(
        gettext_lazy("Forward to the competent body"), f.ForwardForm,
        lambda a, d, r: workflow.forward_appeal(appeal=a, organization=d["organization"],
                                                reason=d["reason"], actor=r.user),
        gettext_lazy("The appeal was forwarded."), WORKABLE),
    "extend": Action(
        gettext_lazy("Extend the deadline"), f.ExtendForm,
        lambda a, d, r: workflow.extend_deadline(appeal=a, reason=d["reason"], days=d["days"],
                                                 actor=r.user),
        gettext_lazy("The deadline was extended; the applicant was told."), WORKABLE),
    "extra_study": Action(
        gettext_lazy("Needs extra study (one month)"), f.ExtraStudyForm,
        lambda a, d, r: workflow.require_extra_study(appeal=a, reason=d["reason"],
                                                     actor=r.user),
        gettext_lazy("The term is now one month; the applicant was told."), WORKABLE),
    "set_priority": Action(
        gettext_lazy("Change the priority"), f.PriorityForm,
        lambda a, d, r: workflow.set_priority(appeal=a, priority=d["priority"], actor=r.user),
        gettext_lazy("The priority was changed."), WORKABLE),
    "set_category": Action(
        gettext_lazy("Change the category"), f.CategoryForm,
        lambda a, d, r: workflow.set_category(appeal=a, category=d["category"], actor=r.user),
        gettext_lazy("The category was changed and the appeal routed again."), WORKABLE),
    "merge": Action(
        gettext_lazy("Merge into another report (duplicate)"), f.MergeForm, _merge,
        gettext_lazy("The appeal was merged as a duplicate."), WORKABLE | {S.RECEIVED}),
    "moderate": Action(
        gettext_lazy("Publish on the public map"), f.ModerateForm,
        lambda a, d, r: workflow.moderate_appeal(
            appeal=a, publish=d["publish"], actor=r.user,
            public_photo_ids=[p.pk for p in d["photos"]]),
        gettext_lazy("What the public map shows was saved.")),
    "reject": Action(
        gettext_lazy("Reject"), f.RejectForm,
        lambda a, d, r: workflow.reject_appeal(appeal=a, reason=d["reason"], actor=r.user),
        gettext_lazy("The appeal was rejected; the applicant was told why."), WORKABLE,
        danger=True),
    "close": Action(
        gettext_lazy("Close the appeal"), f.NoInputForm,
        lambda a, d, r: workflow.close_appeal(appeal=a, actor=r.user),
        gettext_lazy("The appeal was closed."), frozenset({S.ANSWERED})),
}


def _offered(name: str, appeal: Appeal) -> bool:
    action = ACTIONS[name]
    if action.statuses is not None and appeal.status not in action.statuses:
        return False
    if name == "extend" and appeal.extended:
        return False
    if name == "extra_study" and (appeal.extra_study or appeal.extended
                                  or appeal.kind == Appeal.Kind.PROPOSAL):
        return False
    return not (name == "moderate" and appeal.kind != Appeal.Kind.PROBLEM_REPORT)


def _visible_appeal(request, number: str) -> Appeal:
    appeal = (Appeal.objects.select_related("mahalla", "district", "region", "organization",
                                            "executor", "author", "merged_into",
                                            "source__api_key")
              .filter(number=number).first())
    if appeal is None or not can_view(request.user, appeal):
        raise Http404
    return appeal


def _staff_context(request, appeal: Appeal, bound=None) -> dict:
    user = request.user
    actions = []
    for name, action in ACTIONS.items():
        if not _offered(name, appeal) or not can(user, name, appeal):
            continue
        if bound is not None and bound.prefix == name:
            form = bound
        else:
            form = action.form(appeal=appeal, prefix=name)
        actions.append({"name": name, "action": action, "form": form,
                        "url": reverse("appeals:staff_action", args=[appeal.number, name])})
    report_photos, result_photos = split_photos(photo_links(appeal.photos.all(),
                                                            "appeals:photo"))
    similar = []
    if appeal.kind == Appeal.Kind.PROBLEM_REPORT and appeal.latitude is not None \
            and appeal.is_open:
        similar = nearby_open_reports(category=appeal.category, latitude=appeal.latitude,
                                      longitude=appeal.longitude, exclude_pk=appeal.pk)[:5]
    return {"appeal": appeal, "steps": timeline(appeal, staff=True), "actions": actions,
            "report_photos": report_photos, "result_photos": result_photos,
            "similar": similar, "now": timezone.now(),
            "duplicates": list(appeal.duplicates.values_list("number", flat=True)[:20])}


@staff_required
def staff_detail(request, number: str):
    appeal = _visible_appeal(request, number)
    return render(request, "appeals/staff/detail.html", _staff_context(request, appeal))


@staff_required
@require_POST
def staff_action(request, number: str, action: str):
    """Run one action of the staff page: parse its form, call its service, go back."""
    if action not in ACTIONS:
        raise Http404
    appeal = _visible_appeal(request, number)
    spec = ACTIONS[action]
    form = spec.form(request.POST, request.FILES, appeal=appeal, prefix=action)
    status = 400
    if form.is_valid():
        try:
            spec.run(appeal, form.cleaned_data, request)
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, spec.done)
            if can_view(request.user, appeal):
                return redirect("appeals:staff_detail", number=appeal.number)
            return redirect("appeals:queue")
    appeal.refresh_from_db()
    context = _staff_context(request, appeal, bound=form)
    if not any(item["form"] is form for item in context["actions"]):
        # Not offered to this person or in this state: show the refusal at the top.
        context["action_error"] = form
    return render(request, "appeals/staff/detail.html", context, status=status)
