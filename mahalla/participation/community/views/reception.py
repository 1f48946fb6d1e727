"""Virtual reception pages: residents book and cancel; officials publish slots and record
outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mahalla.appeals.views.common import add_domain_error, staff_required
from mahalla.core.exceptions import DomainError
from mahalla.participation.community import forms as f
from mahalla.participation.community import permissions as perm
from mahalla.participation.community import selectors
from mahalla.participation.community.models import Booking, ReceptionSlot
from mahalla.participation.community.services import reception as svc


def _resident_page(request, *, booking_form=None, form_slot=None, status=200):
    user = request.user
    return render(request, "community/reception.html", {
        "slots": list(selectors.available_slots(user)[:100]),
        "bookings": list(selectors.bookings_of(user)[:50]),
        "booking_form": booking_form or f.BookingForm(), "form_slot": form_slot,
        "is_host": perm.is_host(user),
    }, status=status)


@login_required
def reception(request):
    return _resident_page(request)


@login_required
@require_POST
def book(request, pk: int):
    slot = ReceptionSlot.objects.filter(perm.bookable_filter(request.user), pk=pk).first()
    if slot is None:
        raise Http404
    form = f.BookingForm(request.POST)
    try:
        svc.require_booker(resident=request.user)
    except DomainError as error:
        add_domain_error(form, error)
        return _resident_page(request, booking_form=form, form_slot=slot.pk,
                              status=error.status_code)
    if not form.is_valid():
        return _resident_page(request, booking_form=form, form_slot=slot.pk, status=400)
    try:
        svc.book_slot(slot=slot, resident=request.user, matter=form.cleaned_data["matter"],
                      consent=form.cleaned_data["consent"])
    except DomainError as error:
        add_domain_error(form, error)
        return _resident_page(request, booking_form=form, form_slot=slot.pk,
                              status=error.status_code)
    messages.success(request, _("The reception is booked. We will remind you before it."))
    return redirect("community:reception")


@login_required
def booking(request, pk: int):
    """One booking: the resident's own, or staff who manage its slot."""
    item = get_object_or_404(Booking.objects.select_related(
        "slot__mahalla", "slot__district", "slot__organization", "appeal"), pk=pk)
    if item.resident_id != request.user.pk and not perm.manages_slot(request.user, item.slot):
        raise Http404
    return render(request, "community/booking.html", {"booking": item,
                                                      "own": item.resident_id == request.user.pk})


@login_required
@require_POST
def cancel_booking(request, pk: int):
    item = Booking.objects.filter(pk=pk, resident=request.user.pk).first()
    if item is None:
        raise Http404
    try:
        svc.cancel_booking(booking=item, resident=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("community:reception")


@staff_required
def staff_slots(request):
    """The official's slots and the form to publish one."""
    user = request.user
    form = f.SlotForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not perm.is_host(user):
            raise HttpForbidden
        if form.is_valid():
            data = form.cleaned_data
            try:
                slot = svc.publish_slot(host=user, kind=data["kind"],
                                        starts_at=data["starts_at"], ends_at=data["ends_at"],
                                        place=data["place"], video_url=data["video_url"],
                                        subject=data["subject"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("The reception time is published."))
                return redirect("community:staff_slot", pk=slot.pk)
        else:
            status = 400
    return render(request, "community/staff_slots.html", {
        "slots": list(selectors.staff_slots(user)[:100]), "form": form,
        "is_host": perm.is_host(user)}, status=status)


def _managed_slot(request, pk: int) -> ReceptionSlot:
    slot = get_object_or_404(ReceptionSlot.objects.select_related(
        "mahalla", "district", "organization"), pk=pk)
    if not perm.manages_slot(request.user, slot):
        raise Http404
    return slot


@staff_required
def staff_slot(request, pk: int):
    slot = _managed_slot(request, pk)
    bookings = slot.bookings.select_related("resident", "appeal").order_by("-id")
    return render(request, "community/staff_slot.html", {
        "slot": slot, "bookings": bookings, "outcome_form": f.OutcomeForm(),
        "cancel_form": f.CancelForm()})


@staff_required
@require_POST
def cancel_slot(request, pk: int):
    slot = _managed_slot(request, pk)
    form = f.CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason."))
    else:
        try:
            svc.cancel_slot(slot=slot, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reception is cancelled."))
    return redirect("community:staff_slot", pk=slot.pk)


@staff_required
@require_POST
def outcome(request, pk: int):
    item = get_object_or_404(Booking.objects.select_related("slot"), pk=pk)
    if not perm.manages_slot(request.user, item.slot):
        raise Http404
    form = f.OutcomeForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = svc.record_outcome(booking=item, actor=request.user, outcome=data["outcome"],
                                      note=data["note"], appeal_kind=data["appeal_kind"],
                                      category=data["category"])
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            if done.appeal_id:
                messages.success(request, _("The outcome is recorded and appeal %(number)s "
                                            "was filed.") % {"number": done.appeal.number})
            else:
                messages.success(request, _("The outcome is recorded."))
            return redirect("community:staff_slot", pk=item.slot_id)
    slot = item.slot
    return render(request, "community/staff_slot.html", {
        "slot": slot, "bookings": slot.bookings.select_related("resident", "appeal"),
        "outcome_form": form, "outcome_booking": item.pk, "cancel_form": f.CancelForm()},
        status=status)
