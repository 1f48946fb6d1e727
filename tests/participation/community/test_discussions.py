"""Discussions: who may start and comment, threads, reports, moderation, blocks, posting rate."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mahalla.core.exceptions import Conflict, DomainError, PermissionDenied, RateLimited
from mahalla.core.models import DomainEvent
from mahalla.participation.community.models import (
    MAX_DEPTH,
    Comment,
    CommentReport,
    DiscussionBlock,
    Topic,
)
from mahalla.participation.community.services import discussions as svc


def start(people, who, title="Bolalar maydonchasi", body="Maydonchaga yangi arg'imchoq kerak."):
    return svc.start_topic(mahalla=people["home"], title=title, body=body, author=people[who])


# --- starting topics ------------------------------------------------------------------------

def test_staff_and_identity_verified_residents_start_topics(people):
    by_staff = start(people, "chairman")
    by_resident = start(people, "verified", title="Yoʻl taʼmiri")
    assert by_staff.author_role == "mahalla_chairman"
    assert by_resident.mahalla == people["home"]
    assert DomainEvent.objects.filter(type="community.topic_started").count() == 2


@pytest.mark.parametrize("who", ["phoned", "unverified", "stranger", "other_chairman",
                                 "dispatcher", "official"])
def test_others_may_not_start_topics_in_the_mahalla(people, who):
    with pytest.raises(PermissionDenied):
        start(people, who)
    assert not Topic.objects.exists()


@pytest.mark.parametrize("title, body, field", [
    ("", "Yetarli darajada uzun matn", "title"),
    ("Sarlavha", "qisqa", "body"),
    ("<script>x</script>", "Yetarli darajada uzun matn", "title"),
    ("Sarlavha", "<b>Qalin</b> matn bu yerda", "body"),
    ("S" * 201, "Yetarli darajada uzun matn", "title"),
])
def test_bad_topic_input_is_refused_with_its_field(people, title, body, field):
    with pytest.raises(DomainError) as caught:
        start(people, "chairman", title=title, body=body)
    assert caught.value.field == field
    assert not Topic.objects.exists()


# --- comments and replies -------------------------------------------------------------------

def test_phone_confirmed_residents_comment_and_reply_in_threads(people, topic):
    first = svc.post_comment(topic=topic, body="Men ham qoʻllab-quvvatlayman",
                             author=people["phoned"])
    reply = svc.post_comment(topic=topic, body="Rahmat, fikringiz uchun", author=people["chairman"],
                             parent_id=first.pk)
    deeper = svc.post_comment(topic=topic, body="Yana bir fikr", author=people["verified"],
                              parent_id=reply.pk)
    assert (first.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert first.root_id == first.pk and reply.root_id == first.pk == deeper.root_id
    topic.refresh_from_db()
    assert topic.comments_count == 3


def test_replies_deeper_than_the_limit_join_the_deepest_level(people, topic):
    parent = svc.post_comment(topic=topic, body="Boshlanishi", author=people["phoned"])
    for __ in range(MAX_DEPTH + 2):
        parent = svc.post_comment(topic=topic, body="Javob beraman", author=people["verified"],
                                  parent_id=parent.pk)
    assert parent.depth == MAX_DEPTH
    assert Comment.objects.filter(depth__gt=MAX_DEPTH).count() == 0


def test_the_database_refuses_a_too_deep_comment(people, topic):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(topic=topic, author=people["phoned"], body="x",
                               depth=MAX_DEPTH + 1)


@pytest.mark.parametrize("who", ["unverified", "stranger", "other_chairman", "dispatcher"])
def test_others_may_not_comment(people, topic, who):
    with pytest.raises(PermissionDenied):
        svc.post_comment(topic=topic, body="Mening fikrim", author=people[who])
    assert not Comment.objects.exists()


def test_a_reply_must_answer_a_comment_of_the_same_topic(people, topic):
    other = start(people, "chairman", title="Boshqa mavzu")
    elsewhere = svc.post_comment(topic=other, body="Bu boshqa joyda", author=people["phoned"])
    for parent in (elsewhere.pk, "abc", -1, 10**12):
        with pytest.raises(DomainError) as caught:
            svc.post_comment(topic=topic, body="Javob", author=people["phoned"],
                             parent_id=parent)
        assert caught.value.field == "parent"


def test_a_closed_topic_takes_no_comments(people, topic):
    svc.moderate_topic(topic=topic, actor=people["chairman"], status="closed",
                       reason="Masala hal qilindi")
    topic.refresh_from_db()
    with pytest.raises(Conflict):
        svc.post_comment(topic=topic, body="Kech qoldim", author=people["phoned"])


def test_posting_too_often_is_rate_limited(people, topic, settings):
    settings.COMMUNITY_COMMENTS_PER_10_MINUTES = 2
    svc.post_comment(topic=topic, body="Birinchi", author=people["phoned"])
    svc.post_comment(topic=topic, body="Ikkinchi", author=people["phoned"])
    with pytest.raises(RateLimited):
        svc.post_comment(topic=topic, body="Uchinchi", author=people["phoned"])
    # Others are not affected, and the window passes.
    svc.post_comment(topic=topic, body="Boshqa odam", author=people["verified"])
    later = timezone.now() + timedelta(minutes=11)
    svc.post_comment(topic=topic, body="Keyinroq", author=people["phoned"], now=later)


def test_starting_topics_is_rate_limited_per_day(people, settings):
    settings.COMMUNITY_TOPICS_PER_DAY = 1
    start(people, "verified")
    with pytest.raises(RateLimited):
        start(people, "verified", title="Yana bir mavzu")


# --- reports and moderation -----------------------------------------------------------------

def test_a_comment_is_reported_once_per_person(people, topic):
    comment = svc.post_comment(topic=topic, body="Haqoratli gap", author=people["phoned"])
    svc.report_comment(comment=comment, reporter=people["verified"], reason="abuse")
    with pytest.raises(Conflict):
        svc.report_comment(comment=comment, reporter=people["verified"], reason="spam")
    svc.report_comment(comment=comment, reporter=people["stranger"], reason="spam")
    comment.refresh_from_db()
    assert comment.reports_count == 2
    with pytest.raises(DomainError):
        svc.report_comment(comment=comment, reporter=people["unverified"], reason="nonsense")
    with pytest.raises(DomainError):
        svc.report_comment(comment=comment, reporter=people["phoned"], reason="spam")


def test_the_mahallas_staff_hide_and_show_a_comment_with_a_reason(people, topic):
    comment = svc.post_comment(topic=topic, body="Telefonim 901234567", author=people["phoned"])
    svc.report_comment(comment=comment, reporter=people["verified"], reason="personal_data")
    svc.moderate_comment(comment=comment, actor=people["chairman"], hide=True,
                         reason="Shaxsiy maʼlumot")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Shaxsiy maʼlumot"
    assert CommentReport.objects.get().resolved_at is not None
    with pytest.raises(Conflict):
        svc.moderate_comment(comment=comment, actor=people["chairman"], hide=True,
                             reason="Yana bir bor")
    svc.moderate_comment(comment=comment, actor=people["chairman"], hide=False,
                         reason="Xato bilan yashirilgan")
    comment.refresh_from_db()
    assert not comment.is_hidden
    types = list(DomainEvent.objects.filter(object_id=str(comment.pk),
                                            type__startswith="community.comment_")
                 .values_list("type", flat=True))
    assert types == ["community.comment_posted", "community.comment_reported",
                     "community.comment_hidden", "community.comment_shown"]


@pytest.mark.parametrize("who", ["other_chairman", "official", "dispatcher", "verified",
                                 "auditor"])
def test_only_the_mahallas_staff_moderate(people, topic, who):
    comment = svc.post_comment(topic=topic, body="Oddiy fikr", author=people["phoned"])
    with pytest.raises(PermissionDenied):
        svc.moderate_comment(comment=comment, actor=people[who], hide=True, reason="Sabab")
    with pytest.raises(PermissionDenied):
        svc.moderate_topic(topic=topic, actor=people[who], status="hidden", reason="Sabab")
    with pytest.raises(PermissionDenied):
        svc.block_user(mahalla=people["home"], user=people["phoned"], actor=people[who],
                       days=3, reason="Sabab")
    comment.refresh_from_db()
    assert not comment.is_hidden and not DiscussionBlock.objects.exists()


def test_hiding_needs_a_reason(people, topic):
    comment = svc.post_comment(topic=topic, body="Oddiy fikr", author=people["phoned"])
    with pytest.raises(DomainError) as caught:
        svc.moderate_comment(comment=comment, actor=people["chairman"], hide=True, reason=" ")
    assert caught.value.field == "reason"
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="")


def test_a_blocked_person_cannot_post_until_the_block_ends_or_is_lifted(people, topic):
    block = svc.block_user(mahalla=people["home"], user=people["phoned"],
                           actor=people["chairman"], days=3, reason="Haqorat")
    with pytest.raises(PermissionDenied):
        svc.post_comment(topic=topic, body="Yana yozaman", author=people["phoned"])
    later = timezone.now() + timedelta(days=3, minutes=1)
    svc.post_comment(topic=topic, body="Blok tugadi", author=people["phoned"], now=later)
    svc.lift_block(block=block, actor=people["chairman"])
    svc.post_comment(topic=topic, body="Blok olib tashlandi", author=people["phoned"])
    with pytest.raises(Conflict):
        svc.lift_block(block=block, actor=people["chairman"])


@pytest.mark.parametrize("days", [0, 366, "uch", None, True])
def test_block_period_is_checked(people, days):
    with pytest.raises(DomainError) as caught:
        svc.block_user(mahalla=people["home"], user=people["phoned"], actor=people["chairman"],
                       days=days, reason="Haqorat")
    assert caught.value.field == "days"


def test_a_moderator_cannot_be_blocked(people):
    with pytest.raises(DomainError):
        svc.block_user(mahalla=people["home"], user=people["chairman"],
                       actor=people["chairman"], days=3, reason="Sinov")
