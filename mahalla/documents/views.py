"""Pages of the e-services: the catalogue, applying, following an application (residents),
and the queue with its decisions (staff). Each view parses, calls one service, renders."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from mahalla.appeals.views.common import add_domain_error, staff_required
from mahalla.core.exceptions import DomainError
from mahalla.documents import forms as f
from mahalla.documents import selectors, services
from mahalla.documents.forms_schema import DataInvalid, build_form, prefill
from mahalla.documents.models import Application, ApplicationAttachment, EService
from mahalla.documents.permissions import can_decide, can_view, visible_applications

PAGE_SIZE = 25
S = Application.Status


def add_errors(form, error: DomainError) -> None:
    """Every field's refusal on its field (the service checks the same form's rules)."""
    if isinstance(error, DataInvalid):
        for field, problems in error.errors.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        add_domain_error(form, error)


def document_url(application: Application) -> str:
    """Where the holder downloads the issued document (empty until issuing is installed)."""
    if not application.document_number:
        return ""
    try:
        return reverse("issuing:download", kwargs={"number": application.document_number})
    except NoReverseMatch:
        return ""


# The resident -----------------------------------------------------------------------------


def catalogue(request):
    return render(request, "documents/catalogue.html", {"services": selectors.catalogue()})


def _submit_rate(group, request) -> str:
    return getattr(settings, "APPLICATION_SUBMIT_RATE", "30/h")


@login_required
@ratelimit(key="user", rate=_submit_rate, method="POST", block=True)
def apply(request, code: str):
    """The service's form, prefilled from the profile; works without JavaScript."""
    service = get_object_or_404(EService.objects.active(), code=code)
    user = request.user
    status = 200
    key = request.POST.get("idempotency_key", "")[:64] or uuid.uuid4().hex
    if request.method == "POST":
        form = build_form(service, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                application = services.submit_application(
                    service=service, applicant=user, data=form.answers(), files=form.uploads(),
                    idempotency_key=key)
            except DomainError as error:
                add_errors(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Application %(number)s is sent and registered.")
                                 % {"number": application.number})
                return redirect("documents:detail", number=application.number)
        else:
            status = 400
    else:
        form = build_form(service, initial=prefill(service, user))
    return render(request, "documents/apply.html",
                  {"service": service, "form": form, "idempotency_key": key}, status=status)


@login_required
def mine(request):
    page = Paginator(selectors.residents_applications(request.user), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "documents/mine.html", {"page": page})


def _with_relations():
    return Application.objects.select_related("service", "mahalla__district", "applicant",
                                              "decided_by")


def _own(request, number: str) -> Application:
    application = _with_relations().filter(number=number, applicant=request.user).first()
    if application is None:
        raise Http404
    return application


def _detail_context(application: Application, answer_form=None) -> dict:
    if application.status == S.INFO_REQUESTED and answer_form is None:
        answer_form = f.AnswerForm()
    return {"application": application, "rows": application.answer_rows(),
            "files": application.files.all(),
            "steps": selectors.timeline(application, staff=False),
            "answer_form": answer_form if application.status == S.INFO_REQUESTED else None,
            "document_url": document_url(application)}


@login_required
def detail(request, number: str):
    application = _with_relations().filter(number=number).first()
    if application is None:
        raise Http404
    if application.applicant_id != request.user.pk:
        if can_view(request.user, application):
            return redirect("documents:staff_detail", number=number)
        raise Http404
    return render(request, "documents/detail.html", _detail_context(application))


@login_required
@require_POST
def answer(request, number: str):
    """The applicant's answer to a request for more information."""
    application = _own(request, number)
    form = f.AnswerForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            services.provide_information(application=application, applicant=request.user,
                                         text=form.cleaned_data["text"],
                                         files=form.cleaned_data["files"])
        except DomainError as error:
            if error.field and error.field.startswith("attachment_"):
                error.field = "files"
            add_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Your answer was sent to the mahalla."))
            return redirect("documents:detail", number=number)
    application.refresh_from_db()
    return render(request, "documents/detail.html", _detail_context(application, form),
                  status=status)


@login_required
def attachment(request, pk: int):
    """A file of an application, for its applicant and the staff who may see it."""
    item = get_object_or_404(ApplicationAttachment.objects.select_related("application"), pk=pk)
    if not can_view(request.user, item.application):
        raise Http404
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    extension = "pdf" if item.is_pdf else "jpg"
    response = FileResponse(handle, content_type=item.content_type, as_attachment=item.is_pdf,
                            filename=f"{item.application.number}-{item.pk}.{extension}")
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Robots-Tag"] = "noindex"
    return response


# Staff ------------------------------------------------------------------------------------


@staff_required
def queue(request):
    """Applications in the person's scope, soonest deadline first; overdue ones marked."""
    form = f.QueueFilterForm(request.GET)
    form.is_valid()  # a bad filter value is shown on its field and otherwise ignored
    data = form.cleaned_data
    filters = selectors.QueueFilters(status=data.get("status") or "",
                                     service=data.get("service") or "",
                                     overdue=bool(data.get("overdue")), q=data.get("q") or "")
    page = Paginator(selectors.staff_queue(request.user, filters), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "documents/staff/queue.html", {"form": form, "page": page})


@dataclass(frozen=True)
class Action:
    label: str
    form: type
    run: Callable
    done: str
    statuses: frozenset
    danger: bool = False


ACTIONS: dict[str, Action] = {
    "start_review": Action(
        gettext_lazy("Start the review"), f.NoInputForm,
        lambda a, d, r: services.start_review(application=a, actor=r.user),
        gettext_lazy("The review has started; the applicant was told."),
        frozenset({S.SUBMITTED, S.REGISTERED})),
    "request_info": Action(
        gettext_lazy("Ask the applicant for information"), f.RequestInfoForm,
        lambda a, d, r: services.request_information(application=a, text=d["text"],
                                                     actor=r.user),
        gettext_lazy("The request was sent to the applicant."),
        frozenset({S.REGISTERED, S.IN_REVIEW})),
    "approve": Action(
        gettext_lazy("Approve"), f.NoInputForm,
        lambda a, d, r: services.approve_application(application=a, actor=r.user),
        gettext_lazy("The application was approved; the applicant was told."),
        frozenset({S.REGISTERED, S.IN_REVIEW})),
    "issue": Action(
        gettext_lazy("Issue the document"), f.NoInputForm,
        lambda a, d, r: services.issue_application_document(application=a, actor=r.user),
        gettext_lazy("The document was issued."), frozenset({S.APPROVED})),
    "reject": Action(
        gettext_lazy("Reject"), f.RejectForm,
        lambda a, d, r: services.reject_application(application=a, reason=d["reason"],
                                                    actor=r.user),
        gettext_lazy("The application was rejected; the applicant was told why."),
        frozenset({S.REGISTERED, S.IN_REVIEW, S.INFO_REQUESTED}), danger=True),
}


def _offered(name: str, application: Application) -> bool:
    if application.status not in ACTIONS[name].statuses:
        return False
    if name == "issue":
        return bool(application.service.issues_document and not application.document_number)
    return True


def _visible(request, number: str) -> Application:
    application = _with_relations().filter(number=number).first()
    if application is None or not visible_applications(request.user).filter(
            pk=application.pk).exists():
        raise Http404
    return application


def _staff_context(request, application: Application, bound=None) -> dict:
    actions = []
    if can_decide(request.user, application):
        for name, action in ACTIONS.items():
            if not _offered(name, application):
                continue
            form = bound if bound is not None and bound.prefix == name else action.form(
                application=application, prefix=name)
            actions.append({"name": name, "action": action, "form": form,
                            "url": reverse("documents:staff_action",
                                           args=[application.number, name])})
    return {"application": application, "rows": application.answer_rows(),
            "files": application.files.all(), "actions": actions,
            "steps": selectors.timeline(application, staff=True),
            "document_url": document_url(application), "now": timezone.now()}


@staff_required
def staff_detail(request, number: str):
    application = _visible(request, number)
    return render(request, "documents/staff/detail.html", _staff_context(request, application))


@staff_required
@require_POST
def staff_action(request, number: str, action: str):
    """Run one action of the staff page: parse its form, call its service, go back."""
    if action not in ACTIONS:
        raise Http404
    application = _visible(request, number)
    spec = ACTIONS[action]
    form = spec.form(request.POST, application=application, prefix=action)
    status = 400
    if form.is_valid():
        try:
            spec.run(application, form.cleaned_data, request)
        except DomainError as error:
            add_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, spec.done)
            return redirect("documents:staff_detail", number=number)
    application.refresh_from_db()
    context = _staff_context(request, application, bound=form)
    if not any(item["form"] is form for item in context["actions"]):
        # Not offered to this person or in this state: show the refusal at the top.
        context["action_error"] = form
    return render(request, "documents/staff/detail.html", context, status=status)
