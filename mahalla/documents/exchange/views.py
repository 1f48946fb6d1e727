"""Exchange pages: the incoming and outgoing journals, a new letter, one letter with its thread.

Journals and the new-letter page are for staff (residents get 403). A letter, and its files,
is 404 to anyone who may not see it, so its existence is not revealed.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mahalla.appeals.views.common import add_domain_error, staff_required
from mahalla.core.exceptions import DomainError
from mahalla.core.scope import is_global_viewer
from mahalla.documents.exchange import selectors, services
from mahalla.documents.exchange.bodies import body_of
from mahalla.documents.exchange.forms import ComposeForm, JournalFilterForm, ReplyForm

PAGE_SIZE = 25


def _journal_owner(user):
    """(the body whose journals these are, may send); auditors and admins read every body's."""
    body = body_of(user)  # a mahalla's or district's first visit makes its body
    if body is not None:
        return body, True
    if is_global_viewer(user):
        return None, False
    raise PermissionDenied


def _journal(request, *, outgoing: bool):
    body, may_send = _journal_owner(request.user)
    form = JournalFilterForm(request.GET)
    form.is_valid()  # a bad filter value is shown on its field and otherwise ignored
    data = getattr(form, "cleaned_data", {})
    filters = selectors.JournalFilters(q=data.get("q") or "", state=data.get("state") or "")
    read = selectors.outgoing_journal if outgoing else selectors.incoming_journal
    rows = read(body=body, filters=filters, today=services.local_date())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "exchange/outgoing.html" if outgoing else "exchange/incoming.html"
    return render(request, template, {
        "form": form, "page": page, "body": body, "may_send": may_send,
        "today": services.local_date(), "filtered": bool(filters.q or filters.state),
    })


@staff_required
def incoming(request):
    return _journal(request, outgoing=False)


@staff_required
def outgoing(request):
    return _journal(request, outgoing=True)


@staff_required
@require_http_methods(["GET", "POST"])
def compose(request):
    """Write a letter. "Find" re-lists the recipients by name and keeps what was typed."""
    user = request.user
    sender = body_of(user)
    if sender is None:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("find", "")
    selected = data.getlist("recipients") if data is not None else []
    groups = selectors.recipient_options(user=user, sender=sender, query=query,
                                         selected=selected)
    status = 200
    if data is not None and "find_bodies" in data:
        form = ComposeForm(initial={**data.dict(), "recipients": selected},
                           recipient_groups=groups)
    elif data is not None:
        form = ComposeForm(data, request.FILES, recipient_groups=groups)
        status = 400
        if form.is_valid():
            try:
                letter = services.send_letter(
                    sender_user=user, recipients=form.cleaned_data["recipients"],
                    **form.service_arguments(request))
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The letter %(number)s was sent.")
                                 % {"number": letter.number})
                return redirect("exchange:detail", pk=letter.pk)
    else:
        form = ComposeForm(recipient_groups=groups)
    return render(request, "exchange/compose.html", {"form": form, "sender": sender},
                  status=status)


def _letter_context(request, letter, *, reply_form=None) -> dict:
    user = request.user
    body = body_of(user, create=False)
    rows = selectors.letter_rows(letter)
    mine = next((row for row in rows if body is not None and row.body_id == body.pk), None)
    may_act = mine is not None and not is_global_viewer(user)
    if may_act and reply_form is None:
        reply_form = ReplyForm(initial={"subject": _("Re: %(subject)s")
                                        % {"subject": letter.subject}})
    return {
        "letter": letter, "rows": rows, "mine": mine, "may_act": may_act,
        "reply_form": reply_form if may_act else None,
        "is_sender": body is not None and letter.sender_id == body.pk,
        "may_send": body is not None,
        "attachments": list(letter.attachments.all()),
        "thread": selectors.thread(letter, user), "today": services.local_date(),
    }


def _visible_letter(request, pk: int):
    letter = selectors.visible_letter(request.user, pk)
    if letter is None:
        raise Http404
    return letter


@login_required
def detail(request, pk: int):
    letter = _visible_letter(request, pk)
    return render(request, "exchange/detail.html", _letter_context(request, letter))


def _my_row(request, letter):
    body = body_of(request.user, create=False)
    row = letter.recipients.filter(body=body).first() if body is not None else None
    if row is None:
        raise PermissionDenied
    return row


@login_required
@require_POST
def acknowledge(request, pk: int):
    letter = _visible_letter(request, pk)
    row = _my_row(request, letter)
    already = row.acknowledged_at is not None
    try:
        services.acknowledge(recipient_row=row, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Receipt was already acknowledged.") if already
                         else _("Receipt of the letter was acknowledged."))
    return redirect("exchange:detail", pk=letter.pk)


@login_required
@require_POST
def reply(request, pk: int):
    letter = _visible_letter(request, pk)
    row = _my_row(request, letter)
    form = ReplyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            answer = services.reply(recipient_row=row, sender_user=request.user,
                                    **form.service_arguments(request))
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, _("The reply %(number)s was sent.")
                             % {"number": answer.number})
            return redirect("exchange:detail", pk=answer.pk)
    context = _letter_context(request, letter, reply_form=form)
    return render(request, "exchange/detail.html", context, status=status)


@login_required
def attachment(request, pk: int, attachment_id: int):
    """A file of a letter, for those who may see the letter; always a download."""
    item = selectors.attachment_of(request.user, pk, attachment_id)
    if item is None:
        raise Http404
    try:
        handle = item.file.storage.open(item.file.name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=item.name,
                            content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
