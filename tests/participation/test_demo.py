"""The demo data of participation and community: loaded by `seed_demo`, safe to re-run."""

import pytest
from django.core.management import call_command

from mahalla.core.models import DomainEvent, User
from mahalla.participation import voting
from mahalla.participation.community.models import Comment, ReceptionSlot, ServiceRating, Topic
from mahalla.participation.community.services.ratings import min_ratings
from mahalla.participation.models import Election, Petition, Survey


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_seed_demo_twice_loads_participation_once_and_leaves_the_resident_to_act():
    call_command("seed_demo")
    counts = (User.objects.count(), Petition.objects.count(), Survey.objects.count(),
              Election.objects.count(), Topic.objects.count(), Comment.objects.count(),
              ReceptionSlot.objects.count(), ServiceRating.objects.count(),
              DomainEvent.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Petition.objects.count(), Survey.objects.count(),
            Election.objects.count(), Topic.objects.count(), Comment.objects.count(),
            ReceptionSlot.objects.count(), ServiceRating.objects.count(),
            DomainEvent.objects.count()) == counts

    resident = User.objects.get(phone="+998900000001")
    petition = Petition.objects.get(status=Petition.Status.OPEN)
    assert petition.signature_count == petition.threshold - 1
    assert not petition.signatures.filter(signer=resident).exists()
    assert Survey.objects.filter(status=Survey.Status.OPEN, response_count__gt=0).exists()
    open_vote = Election.objects.get(status=Election.Status.OPEN)
    assert voting.on_roll(open_vote, resident) and not voting.has_voted(open_vote, resident)
    closed = Election.objects.get(status=Election.Status.CLOSED)
    recount = voting.recount_stored(closed)
    assert not recount.problems and recount.ballots == closed.casts.count() > 0
    assert Topic.objects.filter(comments_count__gt=0).count() == 2
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert ReceptionSlot.objects.filter(status=ReceptionSlot.Status.PUBLISHED,
                                        bookings__isnull=True).count() >= 10
    assert ServiceRating.objects.count() >= min_ratings()
    assert DomainEvent.objects.filter(type="petition.signed").count() == petition.threshold + 11
