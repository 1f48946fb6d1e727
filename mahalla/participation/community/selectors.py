"""Reads of discussions and the reception: topic lists, one page of threads, slots."""

from django.core.paginator import Paginator
from django.utils import timezone

from mahalla.participation.community import permissions as perm
from mahalla.participation.community.models import Booking, Comment, ReceptionSlot, Topic
from mahalla.participation.community.services.common import public_name

TOPICS_PER_PAGE = 20
THREADS_PER_PAGE = 20


def topics_of(mahalla_id: int, *, include_hidden: bool = False):
    qs = Topic.objects.filter(mahalla=mahalla_id)
    return qs if include_hidden else qs.public()


def topic_page(mahalla_id: int, page_number, *, include_hidden: bool = False):
    return Paginator(topics_of(mahalla_id, include_hidden=include_hidden),
                     TOPICS_PER_PAGE).get_page(page_number)


def thread_page(topic: Topic, page_number, *, moderator: bool = False):
    """A page of top-level comments with all their replies, as nested dicts ready to show.

    Two queries whatever the number of comments: the page's roots, then their threads.
    A hidden comment keeps its place (so replies make sense) but not its text, except for
    moderators.
    """
    roots = Comment.objects.filter(topic=topic, parent__isnull=True).order_by("created_at",
                                                                             "id")
    page = Paginator(roots, THREADS_PER_PAGE).get_page(page_number)
    root_ids = [c.pk for c in page.object_list]
    members = list(Comment.objects.filter(topic=topic, root__in=root_ids)
                   .select_related("author").order_by("created_at", "id"))
    nodes = {c.pk: {"comment": c, "author": public_name(c.author, c.author_role),
                    "show_text": moderator or not c.is_hidden, "replies": []}
             for c in members}
    threads = []
    for comment in members:
        node = nodes[comment.pk]
        if comment.parent_id and comment.parent_id in nodes:
            nodes[comment.parent_id]["replies"].append(node)
        elif comment.parent_id is None:
            threads.append(node)
    threads.sort(key=lambda n: root_ids.index(n["comment"].pk))
    return page, threads


def available_slots(resident, now=None):
    """Published future slots the resident may book, with whether each is taken."""
    now = now or timezone.now()
    taken = Booking.objects.exclude(status=Booking.Status.CANCELLED).values("slot")
    return (ReceptionSlot.objects.filter(perm.bookable_filter(resident),
                                         status=ReceptionSlot.Status.PUBLISHED,
                                         starts_at__gt=now)
            .exclude(pk__in=taken)
            .select_related("mahalla", "district", "organization"))


def bookings_of(resident):
    return (Booking.objects.filter(resident=resident.pk)
            .select_related("slot__mahalla", "slot__district", "slot__organization",
                            "appeal"))


def staff_slots(user):
    """Slots the staff member hosts or whose body their scope covers, newest first."""
    from django.db.models import Q

    own = ReceptionSlot.objects.filter(host=user.pk)
    scoped = perm.visible_slots(user, ReceptionSlot.objects.all())
    return (ReceptionSlot.objects.filter(Q(pk__in=own.values("pk"))
                                         | Q(pk__in=scoped.values("pk")))
            .select_related("mahalla", "district", "organization")
            .order_by("-starts_at", "-id"))
