"""Ratings of services: the public averages and the resident's own ratings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mahalla.appeals.views.common import add_domain_error
from mahalla.core.exceptions import DomainError
from mahalla.participation.community import forms as f
from mahalla.participation.community.services import ratings as svc


def public(request):
    return render(request, "community/ratings.html", {"ratings": svc.published_ratings()})


@login_required
def mine(request):
    form = f.RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.rate_service(resident=request.user, interaction=data["interaction"],
                                 object_id=data["object_id"], score=data["score"],
                                 comment=data["comment"])
            except DomainError as error:
                add_domain_error(form, error)
                status = error.status_code
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect("community:ratings_mine")
        else:
            status = 400
    return render(request, "community/ratings_mine.html",
                  {"rateable": svc.rateable_for(request.user), "form": form}, status=status)
