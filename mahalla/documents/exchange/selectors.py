"""Reads of the document exchange: who may see a letter, the journals, threads, recipients.

Staff see the letters their body sent or received; auditors and administrators see every
sent letter (read-only); anyone else sees none.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import District, Mahalla, Organization, User
from mahalla.core.scope import is_global_viewer
from mahalla.core.text import to_cyrillic, to_latin
from mahalla.documents.exchange.bodies import body_of, parse_recipient_values
from mahalla.documents.exchange.models import Letter, LetterAttachment, LetterRecipient

STATES = ("unacknowledged", "awaiting_reply", "overdue")
MAX_OPTIONS = 150


def visible_letters(user: User) -> QuerySet:
    """The letters `user` may open: their body's, or all sent ones for auditors and admins."""
    if not user.is_authenticated or not user.is_active:
        return Letter.objects.none()
    if is_global_viewer(user):
        return Letter.objects.sent()
    body = body_of(user, create=False)
    if body is None:
        return Letter.objects.none()
    received = LetterRecipient.objects.delivered().filter(body=body, letter=OuterRef("pk"))
    return Letter.objects.filter(Q(sender=body) | Q(Exists(received)))


def visible_letter(user: User, pk: int) -> Letter | None:
    return (visible_letters(user).select_related("sender", "author", "in_reply_to")
            .filter(pk=pk).first())


@dataclass
class JournalFilters:
    q: str = ""
    state: str = ""  # one of STATES, or everything


def _rows_in_state(rows: QuerySet, state: str, today) -> QuerySet:
    if state == "unacknowledged":
        return rows.unacknowledged()
    if state == "awaiting_reply":
        return rows.awaiting_reply()
    if state == "overdue":
        return rows.overdue(today)
    return rows


def incoming_journal(*, body: Organization | None, filters: JournalFilters, today) -> QuerySet:
    """Letters delivered to `body` (to every body when None: auditors), newest first."""
    rows = LetterRecipient.objects.delivered().select_related(
        "letter", "letter__sender", "body", "acknowledged_by", "reply")
    if body is not None:
        rows = rows.filter(body=body)
    rows = _rows_in_state(rows, filters.state, today)
    if filters.q:
        rows = rows.search(filters.q)
    return rows.order_by("-delivered_at", "-id")


def outgoing_journal(*, body: Organization | None, filters: JournalFilters, today) -> QuerySet:
    """Letters `body` sent (every sent letter when None: auditors), newest first.

    The state filters keep letters with at least one recipient in that state.
    """
    letters = Letter.objects.sent().select_related("sender", "author").prefetch_related(
        Prefetch("recipients", queryset=LetterRecipient.objects.select_related("body", "reply")
                 .order_by("id")))
    if body is not None:
        letters = letters.filter(sender=body)
    if filters.state in STATES:
        letters = letters.with_recipient_state(
            _rows_in_state(LetterRecipient.objects.all(), filters.state, today))
    if filters.q:
        letters = letters.search(filters.q)
    return letters.order_by("-sent_at", "-id")


def thread(letter: Letter, user: User) -> list[Letter]:
    """The letters of `letter`'s thread that `user` may see, oldest first."""
    root = letter.root_id
    return list(
        visible_letters(user).sent().filter(Q(pk=root) | Q(thread_root=root))
        .select_related("sender").prefetch_related(
            Prefetch("recipients", queryset=LetterRecipient.objects.select_related("body")
                     .order_by("id")))
        .order_by("sent_at", "id"))


def letter_rows(letter: Letter) -> list[LetterRecipient]:
    return list(letter.recipients.select_related("body", "acknowledged_by", "reply")
                .order_by("id"))


def attachment_of(user: User, letter_pk: int, attachment_pk: int) -> LetterAttachment | None:
    """An attachment, only through a letter the person may see."""
    return (LetterAttachment.objects
            .filter(pk=attachment_pk, letter_id=letter_pk,
                    letter__in=visible_letters(user).values("pk"))
            .first())


# Recipients of a new letter ---------------------------------------------------------------

KIND_GROUPS = (
    (Organization.Kind.MAHALLA, _("Mahallas")),
    (Organization.Kind.HOKIMIYAT, _("Hokimiyats and their departments")),
    (Organization.Kind.UTILITY, _("Utilities")),
    (Organization.Kind.AGENCY, _("State agencies")),
    (Organization.Kind.OTHER, _("Other bodies")),
)


def _name_query(query: str, prefix: str = "") -> Q:
    """A name in any language containing the query as typed, in Latin or in Cyrillic."""
    variants = {v for v in (query.strip(), to_latin(query), to_cyrillic(to_latin(query))) if v}
    condition = Q(pk__in=[])
    for variant in variants:
        for field in ("name_uz", "name_uz_cyrl", "name_ru", "name_en"):
            condition |= Q(**{f"{prefix}{field}__icontains": variant})
    return condition


def _home_district(user: User) -> District | None:
    if user.district_id:
        return user.district
    if user.mahalla_id:
        return user.mahalla.district
    body = user.organization
    if body is not None:
        return body.district or (body.mahalla.district if body.mahalla_id else None)
    return None


def _has_mahalla_body():
    return Exists(Organization.objects.filter(kind=Organization.Kind.MAHALLA,
                                              mahalla=OuterRef("pk")))


def _has_district_body():
    return Exists(Organization.objects.filter(kind=Organization.Kind.HOKIMIYAT,
                                              district=OuterRef("pk"), mahalla__isnull=True))


def recipient_options(*, user: User, sender: Organization | None, query: str = "",
                      selected=()) -> list[tuple[str, list[tuple[str, str]]]]:
    """Bodies to write to, grouped by kind: (group label, [(value, label), ...]).

    Values are "o<id>" for an existing body, "m<id>" for a mahalla and "d<id>" for a district
    hokimiyat that have no body yet (made when the letter is sent: `bodies.resolve_recipient`).
    Without a query: the bodies of the person's district and region; with one: any body whose
    name matches, Latin or Cyrillic. Chosen values are always listed.
    """
    organizations = Organization.objects.filter(is_active=True).select_related(
        "mahalla__district", "district")
    mahallas = (Mahalla.objects.filter(is_active=True).exclude(_has_mahalla_body())
                .select_related("district"))
    districts = District.objects.exclude(_has_district_body())
    query = (query or "").strip()[:100]
    if query:
        organizations = organizations.filter(_name_query(query))
        mahallas = mahallas.search(query)
        districts = districts.filter(_name_query(query))
    else:
        home = _home_district(user)
        if home is None:
            mahallas, districts = mahallas.none(), districts.none()
        else:
            organizations = organizations.filter(
                Q(district=home) | Q(mahalla__district=home)
                | Q(region=home.region_id, district__isnull=True, mahalla__isnull=True))
            mahallas = mahallas.filter(district=home)
            districts = districts.filter(pk=home.pk)
    if sender is not None:
        organizations = organizations.exclude(pk=sender.pk)
    chosen = parse_recipient_values(selected)
    entries = {}
    for org in _with_chosen(organizations, Organization, chosen["o"], "is_active"):
        entries[f"o{org.pk}"] = (org.kind, _organization_label(org))
    for mahalla in _with_chosen(mahallas, Mahalla, chosen["m"], "is_active"):
        entries[f"m{mahalla.pk}"] = (Organization.Kind.MAHALLA,
                                     f"{mahalla.name} · {mahalla.district.name}")
    for district in _with_chosen(districts, District, chosen["d"]):
        entries[f"d{district.pk}"] = (Organization.Kind.HOKIMIYAT,
                                      str(_("Hokimiyat: %(district)s")
                                          % {"district": district.name}))
    groups = []
    for kind, label in KIND_GROUPS:
        options = sorted(((value, text) for value, (k, text) in entries.items() if k == kind),
                         key=lambda option: option[1].casefold())
        if options:
            groups.append((str(label), options))
    return groups


def _with_chosen(qs: QuerySet, model, chosen_ids: set[int], active_field: str = "") -> list:
    found = list(qs.order_by("pk")[:MAX_OPTIONS])
    missing = chosen_ids - {item.pk for item in found}
    if missing:
        extra = model.objects.filter(pk__in=missing)
        if active_field:
            extra = extra.filter(**{active_field: True})
        if model is Mahalla:
            extra = extra.select_related("district")
        elif model is Organization:
            extra = extra.select_related("mahalla__district", "district")
        found += list(extra)
    return found


def _organization_label(org: Organization) -> str:
    place = org.mahalla.district if org.mahalla_id else org.district
    return f"{org.name} · {place.name}" if place is not None else org.name
