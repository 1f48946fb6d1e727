"""E-voting on mahalla decisions: the roll, casting, ballot secrecy, close, publication.

draft → open (the roll is frozen: verified residents of the mahalla of age at the roll date)
→ closed (ballots shuffled, counted, each ballot's hash recorded in the ledger, list public).

Secrecy (docs/EVOTING.md): a vote writes two rows that share only the election —
`VoteCast` (who) and `Ballot` (what, with the hash of the voter's receipt code). Neither has
a time or a sequential id. The "voted" event carries the voter and no ballot data; ballot
hashes reach the ledger only at close, all at once, in receipt-hash order, so neither leaf
order nor leaf time follows the order of voting. `shuffle_ballots` rewrites the rows in random
order with fresh random ids, so the physical order and the PostgreSQL row versions of a ballot
stop pointing at the transaction that cast it.
"""

import base64
import logging
import secrets
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.core.events import record_event
from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import Role, User, Verification
from mahalla.core.text import clean_multiline, clean_text
from mahalla.core.verification import METHODS
from mahalla.participation import recount as counting
from mahalla.participation import rules
from mahalla.participation.models import (
    Ballot,
    Election,
    ElectionOption,
    VoteCast,
    VoterRollEntry,
)
from mahalla.participation.territory import (
    require_staff_for,
    require_verified_resident,
    resolve_target,
)

logger = logging.getLogger(__name__)
S = Election.Status
MAX_OPTIONS = 10
BALLOT_EVENT = "election.ballot"


def _event(election: Election, action: str, actor=None, **extra) -> None:
    record_event(type=f"election.{action}", obj=election, actor=actor,
                 payload={"election": election.pk, "status": election.status, **extra})


# --- setting up -----------------------------------------------------------------------------


def create_election(*, actor: User, target: str, title: str, description: str,
                    options: list[str], roll_date: date, opens_at: datetime,
                    closes_at: datetime, now=None) -> Election:
    """A draft vote in one mahalla the staff member works for."""
    now = now or timezone.now()
    fields = resolve_target(actor, target, mahalla_only=True)
    title = clean_text(title or "")
    if not 3 <= len(title) <= 200:
        raise DomainError(_("Write a question of 3 to 200 characters."), field="title")
    labels = [clean_text(o) for o in options or [] if clean_text(o or "")]
    if not 2 <= len(labels) <= MAX_OPTIONS:
        raise DomainError(_("Give from 2 to %(count)d options.") % {"count": MAX_OPTIONS},
                          field="options")
    if len(set(labels)) != len(labels) or any(len(label) > 200 for label in labels):
        raise DomainError(_("Options must differ and be at most 200 characters."),
                          field="options")
    if not opens_at or not closes_at or closes_at <= opens_at:
        raise DomainError(_("Voting must close after it opens."), field="closes_at")
    if closes_at <= now:
        raise DomainError(_("The closing time must be in the future."), field="closes_at")
    if roll_date is None or roll_date > timezone.localdate(opens_at):
        raise DomainError(_("The roll date must be on or before the opening day."),
                          field="roll_date")
    with transaction.atomic():
        election = Election.objects.create(
            mahalla=fields["mahalla"], title=title,
            description=clean_multiline(description or "")[:3000], roll_date=roll_date,
            opens_at=opens_at, closes_at=closes_at, created_by=actor, created_at=now)
        ElectionOption.objects.bulk_create(
            ElectionOption(election=election, position=i, label=label)
            for i, label in enumerate(labels, start=1))
        _event(election, "created", actor, options=len(labels))
    return election


def eligible_voters(election: Election):
    """Verified residents of the mahalla, of age and verified on or before the roll date."""
    identity = [code for code, method in METHODS.items()
                if method.level >= rules.VOTE_LEVEL]
    verified = Verification.objects.filter(
        revoked_at__isnull=True, method__in=identity,
        verified_at__date__lte=election.roll_date).values("user_id")
    return User.objects.filter(
        role=Role.RESIDENT, is_active=True, mahalla=election.mahalla_id,
        birth_date__isnull=False,
        birth_date__lte=rules.adult_born_on_or_before(election.roll_date),
        pk__in=verified).order_by("pk")


def open_election(*, election: Election, actor: User, now=None) -> Election:
    """Freeze the roll and accept votes from `opens_at` to `closes_at`."""
    now = now or timezone.now()
    require_staff_for(actor, election)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != S.DRAFT:
            raise Conflict(_("Only a draft can be opened."))
        if election.roll_date > timezone.localdate(now):
            raise DomainError(_("The roll can be frozen on its date, not earlier."),
                              field="roll_date")
        if election.closes_at <= now:
            raise DomainError(_("The closing time must be in the future."), field="closes_at")
        voters = list(eligible_voters(election).values_list("pk", flat=True))
        VoterRollEntry.objects.bulk_create(
            VoterRollEntry(election=election, voter_id=pk) for pk in voters)
        election.status, election.opened_at, election.roll_size = S.OPEN, now, len(voters)
        election.save(update_fields=["status", "opened_at", "roll_size"])
        _event(election, "opened", actor, roll_size=len(voters),
               roll_date=election.roll_date.isoformat())
    return election


# --- voting ---------------------------------------------------------------------------------


def new_receipt_code() -> str:
    """80 random bits as 16 base32 characters in groups of four: ABCD-EFGH-JKLM-NPQR."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def cast_vote(*, election: Election, voter: User, option_id: int, now=None) -> str:
    """Record that `voter` voted and, separately, their ballot; return the receipt code.

    The receipt code is shown once and never stored: the ballot keeps only its hash.
    The election row is locked for the few writes, so closing and shuffling wait for a
    vote in progress; a second vote by the same voter hits `vote_one_per_voter`.
    """
    now = now or timezone.now()
    require_verified_resident(voter, rules.VOTE_LEVEL)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status == S.DRAFT:
            raise NotFound(_("Not found."))
        if election.status != S.OPEN or not election.opens_at <= now < election.closes_at:
            raise Conflict(_("Voting is not open now."))
        if not VoterRollEntry.objects.filter(election=election, voter=voter).exists():
            raise PermissionDenied(_("You are not on the voter roll of this vote."))
        option = ElectionOption.objects.filter(election=election, pk=option_id).first() \
            if isinstance(option_id, int) else None
        if option is None:
            raise DomainError(_("Choose one of the options."), field="option")
        try:
            with transaction.atomic():
                VoteCast.objects.create(election=election, voter=voter)
        except IntegrityError:
            raise Conflict(_("You have already voted.")) from None
        code = new_receipt_code()
        Ballot.objects.create(election=election, option=option,
                              receipt_sha256=counting.receipt_sha256(election.pk, code))
        # Who voted, with nothing of the ballot: the same payload for every voter.
        record_event(type="election.voted", obj=election, actor=voter,
                     payload={"election": election.pk})
    return code


def require_voter(*, election: Election, voter: User) -> None:
    """Refuse someone who is not a voter of `election` (checked before reading the ballot;
    `cast_vote` checks again under the lock)."""
    require_verified_resident(voter, rules.VOTE_LEVEL)
    if not on_roll(election, voter):
        raise PermissionDenied(_("You are not on the voter roll of this vote."))


def has_voted(election: Election, user: User) -> bool:
    return user.is_authenticated and VoteCast.objects.filter(election=election,
                                                             voter=user).exists()


def on_roll(election: Election, user: User) -> bool:
    return user.is_authenticated and VoterRollEntry.objects.filter(election=election,
                                                                   voter=user).exists()


def shuffle_ballots(*, election: Election) -> int:
    """Rewrite the election's ballots in random order with new random ids.

    Afterwards no ballot row is the one its vote inserted: the order of rows on disk, SQLite
    rowids and PostgreSQL row versions (xmin) no longer follow the order of voting. Dead row
    versions stay on disk until VACUUM (the periodic task runs it on PostgreSQL).
    """
    with transaction.atomic():
        Election.objects.select_for_update().get(pk=election.pk)
        rows = list(Ballot.objects.filter(election=election)
                    .values_list("option_id", "receipt_sha256"))
        secrets.SystemRandom().shuffle(rows)
        Ballot.objects.filter(election=election).delete()
        Ballot.objects.bulk_create(
            Ballot(election_id=election.pk, option_id=option, receipt_sha256=receipt)
            for option, receipt in rows)
    return len(rows)


# --- closing and publication ----------------------------------------------------------------


def close_election(*, election: Election, actor: User | None = None, now=None) -> Election:
    """After `closes_at`: shuffle, count, record each ballot's hash, publish the list.

    Staff in scope may close it (actor), or the periodic task (actor None).
    """
    now = now or timezone.now()
    if actor is not None:
        require_staff_for(actor, election)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != S.OPEN:
            raise Conflict(_("Only an open vote can be closed."))
        if now < election.closes_at:
            raise Conflict(_("Voting is still open until its closing time."))
        shuffle_ballots(election=election)
        casts = VoteCast.objects.filter(election=election).count()
        document = ballot_document(election, include_tally=False)
        if casts != len(document["ballots"]):
            raise RuntimeError(f"election {election.pk}: {casts} votes but "
                               f"{len(document['ballots'])} ballots")
        result = counting.recount(document)
        for row in document["ballots"]:  # receipt-hash order: unrelated to voting order
            record_event(type=BALLOT_EVENT, object_type="participation.election",
                         object_id=election.pk, actor=None,
                         payload=counting.ballot_leaf_payload(
                             election=election.pk, ballot_hash=row["ballot_sha256"]))
        election.status, election.closed_at = S.CLOSED, now
        election.tally = {str(k): v for k, v in sorted(result.tally.items())}
        election.ballots_sha256 = result.list_sha256
        election.save(update_fields=["status", "closed_at", "tally", "ballots_sha256"])
        _event(election, "closed", actor, tally=election.tally, ballots=result.ballots,
               roll_size=election.roll_size, ballots_sha256=result.list_sha256)
    return election


def ballot_document(election: Election, *, include_tally: bool = True) -> dict:
    """The public ballot list: what anyone downloads and recounts."""
    options = list(election.options.all())
    ballots = []
    for ballot_id, option_id, receipt in (Ballot.objects.filter(election=election)
                                          .order_by("receipt_sha256")
                                          .values_list("id", "option_id", "receipt_sha256")):
        ballots.append({
            "ballot": str(ballot_id), "option": option_id, "receipt_sha256": receipt,
            "ballot_sha256": counting.ballot_sha256(
                election=election.pk, ballot=str(ballot_id), option=option_id,
                receipt_sha256=receipt)})
    document = {
        "election": election.pk, "title": election.title, "mahalla": election.mahalla.code,
        "options": [{"id": o.pk, "label": o.label} for o in options],
        "roll_size": election.roll_size, "ballots": ballots,
        "ledger_event_type": BALLOT_EVENT,
    }
    if include_tally:
        document["tally"] = election.tally
        document["ballots_sha256"] = election.ballots_sha256
    return document


def published_ballots(election: Election) -> dict:
    if election.status != S.CLOSED:
        raise NotFound(_("The ballots are published when voting closes."))
    return ballot_document(election)


def find_receipt(*, election: Election, code: str) -> dict | None:
    """The published ballot a receipt code belongs to, or None (only after close)."""
    if election.status != S.CLOSED:
        raise Conflict(_("Receipts can be checked once the ballots are published."))
    code = (code or "").strip()
    if not 4 <= len(code) <= 40:
        raise DomainError(_("Enter the receipt code as it was shown to you."), field="code")
    receipt = counting.receipt_sha256(election.pk, code)
    ballot = Ballot.objects.filter(election=election, receipt_sha256=receipt) \
        .select_related("option").first()
    if ballot is None:
        return None
    return {"ballot": str(ballot.id), "option": ballot.option.label,
            "receipt_sha256": receipt,
            "ballot_sha256": counting.ballot_sha256(
                election=election.pk, ballot=str(ballot.id), option=ballot.option_id,
                receipt_sha256=receipt)}


def recount_stored(election: Election) -> counting.Recount:
    """Recount from the database against the stored tally and the ledger's ballot events."""
    from mahalla.core.events import payload_digest
    from mahalla.core.models import DomainEvent

    result = counting.recount(published_ballots(election))
    recorded = set(DomainEvent.objects.filter(
        type=BALLOT_EVENT, object_type="participation.election", object_id=str(election.pk),
        ledger_entry__isnull=False).values_list("payload_hash", flat=True))
    for row in published_ballots(election)["ballots"]:
        digest = payload_digest(counting.ballot_leaf_payload(
            election=election.pk, ballot_hash=row["ballot_sha256"]))
        if digest not in recorded:
            result.problems.append(f"ballot {row['ballot']}: no ledger leaf")
    if len(recorded) != result.ballots:
        result.problems.append(f"{len(recorded)} ledger leaves for {result.ballots} ballots")
    return result


# --- periodic -------------------------------------------------------------------------------


def close_due_elections(*, now=None) -> int:
    now = now or timezone.now()
    count = 0
    for election in Election.objects.due_to_close(now):
        try:
            close_election(election=election, now=now)
            count += 1
        except Conflict:
            continue
        except RuntimeError:
            # Votes and ballots disagree: leave it open for people to look at, close the rest.
            logger.exception("vote %s was not closed", election.pk)
    return count


def shuffle_open_elections() -> int:
    count = 0
    for election in Election.objects.filter(status=S.OPEN):
        shuffle_ballots(election=election)
        count += 1
    return count
