"""The resident's pages: send an appeal, follow it, rate or reopen it, say "me too"."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from mahalla.appeals import deadlines
from mahalla.appeals.forms import AppealForm, NearbyForm, RateForm, ReopenForm, group_mahallas
from mahalla.appeals.forms import mahallas_for_form as find_mahallas
from mahalla.appeals.models import Appeal
from mahalla.appeals.permissions import can_view, own_appeals
from mahalla.appeals.selectors import find_by_tracking_token, residents_appeals, timeline
from mahalla.appeals.services.submit import (
    AppealDraft,
    nearby_open_reports,
    submit_appeal,
    support_appeal,
)
from mahalla.appeals.services.workflow import rate_answer, reopen_appeal
from mahalla.appeals.views.common import (
    add_domain_error,
    is_htmx,
    map_settings,
    photo_links,
    photo_response,
    split_photos,
)
from mahalla.core import geo
from mahalla.core.exceptions import DomainError

SENT_KEY = "appeals_sent"


def _nearby(data) -> list[dict]:
    """Open reports of the same category within 50 m of the typed point, with distances."""
    form = NearbyForm(data)
    if not form.is_valid():
        return []
    lat, lon = form.cleaned_data["latitude"], form.cleaned_data["longitude"]
    reports = nearby_open_reports(category=form.cleaned_data["category"], latitude=lat,
                                  longitude=lon)
    return [{"appeal": a, "distance": round(geo.distance_m(float(lat), float(lon),
                                                           float(a.latitude),
                                                           float(a.longitude)))}
            for a in reports[:5]]


def _submit_rate(group, request) -> str:
    return getattr(settings, "APPEAL_SUBMIT_RATE", "30/h")


@ratelimit(key="ip", rate=_submit_rate, method="POST", block=True)
def new_appeal(request):
    """The appeal form; anonymous visitors may send problem reports (and are told the rest)."""
    user = request.user
    status = 200
    if request.method == "POST" and "find_mahalla" in request.POST:
        # The mahalla search without JavaScript: the same form again, with the list narrowed.
        form = AppealForm(initial=request.POST.dict(), user=user)
    elif request.method == "POST":
        form = AppealForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            draft = AppealDraft(
                kind=data["kind"], category=data["category"], text=data["text"],
                mahalla_code=data["mahalla"], latitude=data["latitude"],
                longitude=data["longitude"], address=data["address"],
                contact=data.get("contact") or Appeal.Contact.IN_APP,
                consent=data.get("consent", False), anonymous=data.get("anonymous", False),
                photos=request.FILES.getlist("photos"), channel=Appeal.Channel.WEB,
                idempotency_key=data["idempotency_key"])
            try:
                appeal = submit_appeal(draft=draft, author=user)
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                request.session[SENT_KEY] = {"number": appeal.number,
                                             "token": appeal.tracking_token}
                return redirect("appeals:sent")
        else:
            status = 400
    else:
        form = AppealForm(user=user)
    nearby = _nearby(request.POST) if request.method == "POST" else []
    return render(request, "appeals/new.html", {"form": form, "nearby": nearby, **map_settings()},
                  status=status)


def sent(request):
    """The number and, once, the private tracking link of the appeal just sent."""
    data = request.session.get(SENT_KEY)
    if not data:
        return redirect("appeals:mine" if request.user.is_authenticated else "appeals:new")
    appeal = Appeal.objects.filter(number=data["number"]).first()
    if appeal is None:
        raise Http404
    token = data.get("token")
    if token:
        # Shown once: a reload shows the number only.
        request.session[SENT_KEY] = {"number": data["number"], "token": None}
    track_url = request.build_absolute_uri(reverse("appeals:track", args=[token])) \
        if token else ""
    response = render(request, "appeals/sent.html", {
        "appeal": appeal, "track_url": track_url,
        "is_author": request.user.is_authenticated and appeal.author_id == request.user.pk,
    })
    response["Cache-Control"] = "no-store"
    return response


def nearby(request):
    """HTMX fragment: open reports of the category near the point being chosen."""
    return render(request, "appeals/_nearby.html", {"nearby": _nearby(request.GET)})


def mahalla_options(request):
    """HTMX fragment: the <option>s of the mahalla select for a search."""
    selected = request.GET.get("mahalla", "")[:20]
    mahallas = find_mahallas(query=request.GET.get("mahalla_q", "").strip()[:100],
                             user=request.user if request.user.is_authenticated else None,
                             selected=selected)
    return render(request, "appeals/_mahalla_options.html",
                  {"groups": group_mahallas(mahallas), "selected": selected})


@login_required
def my_appeals(request):
    page = Paginator(residents_appeals(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "appeals/mine.html", {"page": page, "now": timezone.now()})


def _appeal_context(request, appeal: Appeal, *, token: str = "", rate_form=None,
                    reopen_form=None) -> dict:
    if token:
        links = photo_links(appeal.photos.all(), "appeals:track_photo", token=token)
    else:
        links = photo_links(appeal.photos.all(), "appeals:photo")
    report_photos, result_photos = split_photos(links)
    is_author = request.user.is_authenticated and appeal.author_id == request.user.pk
    answered = appeal.answered_at or appeal.closed_at
    may_reopen = (is_author and appeal.status in (Appeal.Status.ANSWERED, Appeal.Status.CLOSED)
                  and answered is not None
                  and timezone.now() - answered <= timedelta(days=deadlines.REOPEN_DAYS))
    may_rate = is_author and (appeal.status == Appeal.Status.ANSWERED or (
        appeal.status == Appeal.Status.CLOSED and appeal.rating is None))
    return {
        "appeal": appeal, "steps": timeline(appeal, staff=False),
        "report_photos": report_photos, "result_photos": result_photos,
        "via_tracking": bool(token), "is_author": is_author,
        "rate_form": (rate_form or RateForm()) if may_rate else None,
        "reopen_form": (reopen_form or ReopenForm()) if may_reopen else None,
        "now": timezone.now(),
    }


def _own_appeal(request, number: str) -> Appeal:
    appeal = own_appeals(request.user).select_related(
        "mahalla", "district", "region", "organization", "merged_into").filter(
        number=number).first()
    if appeal is None:
        raise Http404
    return appeal


@login_required
def appeal_detail(request, number: str):
    appeal = Appeal.objects.select_related("mahalla", "district", "region", "organization",
                                           "merged_into") \
        .filter(number=number).first()
    if appeal is None:
        raise Http404
    if appeal.author_id != request.user.pk:
        if can_view(request.user, appeal):
            return redirect("appeals:staff_detail", number=appeal.number)
        raise Http404
    return render(request, "appeals/detail.html", _appeal_context(request, appeal))


@login_required
@require_POST
def rate(request, number: str):
    appeal = _own_appeal(request, number)
    form = RateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            rate_answer(appeal=appeal, rating=form.cleaned_data["rating"],
                        comment=form.cleaned_data["comment"], user=request.user)
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("appeals:detail", number=appeal.number)
    context = _appeal_context(request, appeal, rate_form=form)
    context["rate_form"] = form
    return render(request, "appeals/detail.html", context, status=status)


@login_required
@require_POST
def reopen(request, number: str):
    appeal = _own_appeal(request, number)
    form = ReopenForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            reopen_appeal(appeal=appeal, reason=form.cleaned_data["reason"], user=request.user)
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, _("The appeal is reopened. A new deadline is set."))
            return redirect("appeals:detail", number=appeal.number)
    context = _appeal_context(request, appeal, reopen_form=form)
    context["reopen_form"] = form
    return render(request, "appeals/detail.html", context, status=status)


def track(request, token: str):
    """The private tracking link: read-only, no account needed."""
    appeal = find_by_tracking_token(token)
    if appeal is None:
        raise Http404
    response = render(request, "appeals/detail.html",
                      _appeal_context(request, appeal, token=token))
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def track_photo(request, token: str, photo_id: int, variant: str):
    appeal = find_by_tracking_token(token)
    photo = appeal.photos.filter(pk=photo_id).first() if appeal else None
    if photo is None:
        raise Http404
    return photo_response(photo, variant, public=False)


@login_required
@require_POST
def support(request, number: str):
    """"Me too" on an open problem report, from the form's suggestion or the public page."""
    appeal = Appeal.objects.filter(number=number, kind=Appeal.Kind.PROBLEM_REPORT).first()
    if appeal is None:
        raise Http404
    fallback = (reverse("appeals:public_report", args=[appeal.number]) if appeal.is_public
                else reverse("appeals:mine"))
    try:
        appeal = support_appeal(appeal=appeal, user=request.user)
    except DomainError as error:
        if is_htmx(request):
            return render(request, "appeals/_support_result.html",
                          {"appeal": appeal, "error": error.message})
        return render(request, "appeals/action_error.html",
                      {"message": error.message, "back": fallback}, status=error.status_code)
    if is_htmx(request):
        return render(request, "appeals/_support_result.html", {"appeal": appeal})
    messages.success(request, _("Thank you: you support report %(number)s.")
                     % {"number": appeal.number})
    return redirect(fallback)
