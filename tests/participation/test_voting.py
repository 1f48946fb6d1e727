"""E-voting: the frozen roll, one vote per voter (also in parallel), secrecy, publication and
recount."""

import datetime as dt
import io
import json
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from mahalla.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from mahalla.core.models import DomainEvent
from mahalla.ledger.models import LedgerEntry
from mahalla.participation import recount as counting
from mahalla.participation import voting
from mahalla.participation.models import Ballot, Election, VoteCast, VoterRollEntry
from tests.factories import verified_resident

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(days=2)


def options(election):
    return list(election.options.values_list("pk", flat=True))


class TestRoll:
    def test_the_roll_holds_verified_adult_residents_of_the_mahalla_only(self, town,
                                                                         election_factory):
        election = election_factory()

        voters = set(VoterRollEntry.objects.filter(election=election)
                     .values_list("voter_id", flat=True))
        assert voters == {town["resident"].pk, town["neighbour"].pk}
        assert election.roll_size == 2  # not: unverified, minor, other mahallas, staff

    def test_the_roll_is_frozen_when_the_vote_opens(self, town, election_factory):
        election = election_factory()
        latecomer = verified_resident(mahalla=town["home"])

        with pytest.raises(PermissionDenied):
            voting.cast_vote(election=election, voter=latecomer, option_id=options(election)[0])

    def test_age_is_counted_at_the_roll_date(self, town):
        roll_date = dt.date(2026, 3, 1)
        turns_18_on_roll_date = verified_resident(mahalla=town["home"],
                                                  birth_date=dt.date(2008, 3, 1))
        turns_18_next_day = verified_resident(mahalla=town["home"],
                                              birth_date=dt.date(2008, 3, 2))
        election = Election(mahalla=town["home"], roll_date=roll_date)

        eligible = set(voting.eligible_voters(election).values_list("pk", flat=True))
        assert turns_18_on_roll_date.pk in eligible
        assert turns_18_next_day.pk not in eligible

    def test_a_revoked_verification_keeps_a_resident_off_the_roll(self, town, election_factory):
        town["neighbour"].verifications.update(revoked_at=timezone.now())

        election = election_factory()

        assert not voting.on_roll(election, town["neighbour"])

    def test_only_staff_of_the_mahalla_create_and_open_votes(self, town):
        now = timezone.now()
        fields = {"title": "Savol", "description": "", "options": ["Ha", "Yoʻq"],
                  "roll_date": timezone.localdate(), "opens_at": now, "closes_at": now + LATER}
        with pytest.raises(DomainError):
            voting.create_election(actor=town["other_chairman"],
                                   target=f"m:{town['home'].pk}", **fields)
        with pytest.raises(DomainError):
            voting.create_election(actor=town["far_official"], target=f"m:{town['home'].pk}",
                                   **fields)
        with pytest.raises(PermissionDenied):
            voting.create_election(actor=town["auditor"], target=f"m:{town['home'].pk}",
                                   **fields)
        election = voting.create_election(actor=town["official"],
                                          target=f"m:{town['home'].pk}", **fields)
        with pytest.raises(NotFound):
            voting.open_election(election=election, actor=town["other_chairman"])
        assert voting.open_election(election=election, actor=town["chairman"]).status == "open"


class TestBadInput:
    @pytest.mark.parametrize("change, field", [
        ({"options": ["Faqat bitta"]}, "options"),
        ({"options": ["Ha", "Ha"]}, "options"),
        ({"title": ""}, "title"),
        ({"closes_at": "past"}, "closes_at"),
        ({"roll_date": "after"}, "roll_date"),
    ])
    def test_a_bad_vote_is_refused_on_its_field(self, town, change, field):
        now = timezone.now()
        fields = {"title": "Savol", "description": "", "options": ["Ha", "Yoʻq"],
                  "roll_date": timezone.localdate(now), "opens_at": now,
                  "closes_at": now + LATER}
        fields.update(change)
        if fields["closes_at"] == "past":
            fields["opens_at"], fields["closes_at"] = now - LATER, now - dt.timedelta(days=1)
        if fields["roll_date"] == "after":
            fields["roll_date"] = timezone.localdate(now) + LATER
        with pytest.raises(DomainError) as refused:
            voting.create_election(actor=town["chairman"], target=f"m:{town['home'].pk}",
                                   **fields)
        assert refused.value.field == field
        assert not Election.objects.exists()

    def test_an_option_of_another_vote_is_refused(self, town, election_factory):
        first, second = election_factory(), election_factory()

        with pytest.raises(DomainError) as refused:
            voting.cast_vote(election=first, voter=town["resident"],
                             option_id=options(second)[0])
        assert refused.value.field == "option"
        assert not VoteCast.objects.exists() and not Ballot.objects.exists()

    def test_voting_outside_the_window_is_refused(self, town, election_factory):
        election = election_factory(opens=timezone.now() + dt.timedelta(hours=1))

        with pytest.raises(Conflict):
            voting.cast_vote(election=election, voter=town["resident"],
                             option_id=options(election)[0])

    def test_a_draft_cannot_be_voted_in(self, town):
        now = timezone.now()
        draft = voting.create_election(
            actor=town["chairman"], target=f"m:{town['home'].pk}", title="Savol",
            description="", options=["Ha", "Yoʻq"], roll_date=timezone.localdate(now),
            opens_at=now, closes_at=now + LATER)
        with pytest.raises(NotFound):
            voting.cast_vote(election=draft, voter=town["resident"],
                             option_id=options(draft)[0])

    def test_unverified_residents_cannot_vote(self, town, election_factory):
        election = election_factory()

        with pytest.raises(PermissionDenied):
            voting.cast_vote(election=election, voter=town["unverified"],
                             option_id=options(election)[0])


class TestOneVotePerVoter:
    def test_a_second_vote_is_refused_and_leaves_nothing(self, town, election_factory):
        election = election_factory()
        voting.cast_vote(election=election, voter=town["resident"],
                         option_id=options(election)[0])

        with pytest.raises(Conflict):
            voting.cast_vote(election=election, voter=town["resident"],
                             option_id=options(election)[1])

        assert VoteCast.objects.count() == 1 and Ballot.objects.count() == 1

    def test_the_database_itself_refuses_a_second_cast_row(self, town, election_factory):
        election = election_factory()
        VoteCast.objects.create(election=election, voter=town["resident"])

        with pytest.raises(IntegrityError), transaction.atomic():
            VoteCast.objects.create(election=election, voter=town["resident"])


def _vote_in_parallel(election_id: int, voter_id: int, option_id: int, barrier, results):
    from mahalla.core.models import User

    try:
        election = Election.objects.get(pk=election_id)
        voter = User.objects.get(pk=voter_id)
        barrier.wait()
        while True:
            try:
                results.append(("ok", voting.cast_vote(election=election, voter=voter,
                                                       option_id=option_id)))
                break
            except OperationalError as exc:
                # SQLite's shared in-memory test database reports "locked" at once instead of
                # waiting out the busy timeout; a file database (and PostgreSQL) waits.
                if "locked" not in str(exc):
                    raise
                time.sleep(0.002)
    except Conflict:
        results.append(("conflict", None))
    except Exception as exc:  # noqa: BLE001 - reported by the test
        results.append(("error", repr(exc)))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_parallel_double_votes_record_exactly_one(town, election_factory):
    election = election_factory()
    voter, option = town["resident"], options(election)[0]
    attempts = 6
    barrier, results = threading.Barrier(attempts), []
    threads = [threading.Thread(target=_vote_in_parallel,
                                args=(election.pk, voter.pk, option, barrier, results))
               for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["conflict"] * (attempts - 1) + ["ok"], results
    assert VoteCast.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1
    assert DomainEvent.objects.filter(type="election.voted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_different_voters_are_all_counted(town, election_factory):
    voters = [verified_resident(mahalla=town["home"]) for _ in range(4)]
    election = election_factory()
    barrier, results = threading.Barrier(len(voters)), []
    threads = [threading.Thread(target=_vote_in_parallel,
                                args=(election.pk, v.pk, options(election)[i % 2], barrier,
                                      results))
               for i, v in enumerate(voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _ in results) == ["ok"] * len(voters), results
    assert Ballot.objects.filter(election=election).count() == len(voters)


class TestSecrecy:
    def _vote_everyone(self, town, election):
        voters = [town["resident"], town["neighbour"]]
        codes = [voting.cast_vote(election=election, voter=v, option_id=options(election)[i])
                 for i, v in enumerate(voters)]
        return voters, codes

    def test_a_ballot_cannot_be_linked_to_its_voter_from_the_database(self, town,
                                                                      election_factory):
        election = election_factory()
        voters, codes = self._vote_everyone(town, election)
        close = election.closes_at + dt.timedelta(minutes=1)
        voting.close_election(election=election, now=close)

        # The two tables share the election and nothing else: no foreign key between them,
        # no time column, no sequence.
        ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
        cast_columns = {f.column for f in VoteCast._meta.concrete_fields}
        assert ballot_columns == {"id", "election_id", "option_id", "receipt_sha256"}
        assert cast_columns == {"id", "election_id", "voter_id"}
        assert not any(f.is_relation and f.related_model in (VoteCast, Ballot)
                       for model in (Ballot, VoteCast) for f in model._meta.get_fields())
        for model in (Ballot, VoteCast):
            assert not [f for f in model._meta.concrete_fields
                        if f.get_internal_type() in ("DateTimeField", "DateField",
                                                     "AutoField", "BigAutoField")]
        # Every stored value of the identifying columns: no voter id, phone or cast row id
        # appears in a ballot, and no ballot value in a cast row. (option_id is one of a few
        # small numbers shared by many ballots.)
        voter_values = {str(v.pk) for v in voters} | {v.phone for v in voters}
        cast_ids = {str(c) for c in VoteCast.objects.values_list("id", flat=True)}
        ballots = list(Ballot.objects.values())
        ballot_values = {str(row[key]) for row in ballots for key in ("id", "receipt_sha256")}
        assert not (ballot_values & (voter_values | cast_ids))
        long_values = {v.phone for v in voters} | cast_ids | {c.replace("-", "") for c in cast_ids}
        assert not any(known in value for value in ballot_values for known in long_values)
        casts = list(VoteCast.objects.values())
        assert not ({str(v) for row in casts for k, v in row.items() if k != "election_id"}
                    & ballot_values)
        # The receipt codes were never stored, only their hashes.
        stored = json.dumps(ballots, default=str) + json.dumps(casts, default=str)
        assert not any(code in stored or code.replace("-", "") in stored for code in codes)

    def test_ledger_entries_do_not_link_voters_to_ballots(self, town, election_factory):
        election = election_factory()
        voters, _ = self._vote_everyone(town, election)
        election = voting.close_election(election=election, now=election.closes_at + LATER)

        voted = list(DomainEvent.objects.filter(type="election.voted").order_by("id"))
        published = list(DomainEvent.objects.filter(type=voting.BALLOT_EVENT).order_by("id"))
        assert [e.actor_id for e in voted] == [v.pk for v in voters]
        # "X voted" events carry the same payload for everyone: nothing of the ballot.
        assert {json.dumps(e.payload, sort_keys=True) for e in voted} == {
            json.dumps({"election": election.pk})}
        # Ballot events have no actor and come after the vote closed, all at once, in the
        # order of receipt hashes (not the order of voting).
        assert all(e.actor_id is None and e.actor_role == "system" for e in published)
        assert min(e.id for e in published) > max(e.id for e in voted)
        document = voting.published_ballots(election)
        assert [e.payload["ballot_sha256"] for e in published] == [
            row["ballot_sha256"] for row in document["ballots"]]
        receipts = [row["receipt_sha256"] for row in document["ballots"]]
        assert receipts == sorted(receipts)
        # The ledger leaves hold ids, types, times and payload hashes: no voter id at all,
        # and the ballots' leaves carry no ballot id either.
        for entry in LedgerEntry.objects.filter(event__in=voted + published):
            leaf = json.loads(bytes(entry.leaf_data))
            assert set(leaf) == {"event_id", "type", "object_type", "object_id", "time",
                                 "actor_role", "payload_sha256"}
            assert leaf["object_id"] == str(election.pk)
            assert leaf["actor_role"] in {"resident", "system"}

    def test_shuffling_rewrites_ballots_with_new_ids_and_keeps_the_votes(self, town,
                                                                         election_factory):
        election = election_factory()
        self._vote_everyone(town, election)
        before = set(Ballot.objects.values_list("id", "option_id", "receipt_sha256"))

        assert voting.shuffle_ballots(election=election) == 2

        after = set(Ballot.objects.values_list("id", "option_id", "receipt_sha256"))
        assert {(o, r) for _, o, r in before} == {(o, r) for _, o, r in after}
        assert not ({i for i, _, _ in before} & {i for i, _, _ in after})


class TestCloseAndRecount:
    def test_close_publishes_every_ballot_and_a_recount_reproduces_the_tally(
            self, town, election_factory, tmp_path):
        extra = [verified_resident(mahalla=town["home"]) for _ in range(3)]
        election = election_factory()
        yes, no = options(election)
        choices = {town["resident"]: yes, town["neighbour"]: no, extra[0]: yes, extra[1]: yes,
                   extra[2]: no}
        codes = {v: voting.cast_vote(election=election, voter=v, option_id=o)
                 for v, o in choices.items()}

        with pytest.raises(Conflict):  # not before the closing time
            voting.close_election(election=election, actor=town["chairman"])
        closed = voting.close_election(election=election, actor=town["chairman"],
                                       now=election.closes_at)

        assert closed.tally == {str(yes): 3, str(no): 2}
        document = voting.published_ballots(closed)
        result = counting.recount(document)
        assert result.ok and result.tally == {yes: 3, no: 2}
        assert voting.recount_stored(closed).ok
        # Each voter finds their own ballot with their receipt code.
        for voter, code in codes.items():
            found = voting.find_receipt(election=closed, code=code.lower().replace("-", " "))
            assert found["option"] == closed.options.get(pk=choices[voter]).label
        assert voting.find_receipt(election=closed, code="AAAA-BBBB-CCCC-DDDD") is None

        # The command recounts from the database and from a downloaded file.
        out = io.StringIO()
        call_command("recount_vote", str(closed.pk), stdout=out)
        assert "OK" in out.getvalue() and "Ha: 3" in out.getvalue()
        path = tmp_path / "ballots.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        call_command("recount_vote", str(closed.pk), "--file", str(path), stdout=io.StringIO())
        assert counting.main(["recount", str(path)]) == 0

    def test_a_tampered_ballot_list_fails_the_recount(self, town, election_factory, tmp_path):
        election = election_factory()
        yes, no = options(election)
        voting.cast_vote(election=election, voter=town["resident"], option_id=yes)
        voting.cast_vote(election=election, voter=town["neighbour"], option_id=yes)
        closed = voting.close_election(election=election, now=election.closes_at)
        document = voting.published_ballots(closed)
        document["ballots"][0]["option"] = no

        result = counting.recount(document)
        assert not result.ok and result.tally == {yes: 1, no: 1}
        path = tmp_path / "tampered.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(CommandError):
            call_command("recount_vote", str(closed.pk), "--file", str(path),
                         stdout=io.StringIO(), stderr=io.StringIO())

    def test_a_ballot_changed_in_the_database_fails_the_stored_recount(self, town,
                                                                       election_factory):
        election = election_factory()
        yes, no = options(election)
        voting.cast_vote(election=election, voter=town["resident"], option_id=yes)
        closed = voting.close_election(election=election, now=election.closes_at)
        Ballot.objects.filter(election=closed).update(option_id=no)

        result = voting.recount_stored(closed)
        assert not result.ok

    def test_ballots_are_not_published_before_close(self, town, election_factory):
        election = election_factory()
        with pytest.raises(NotFound):
            voting.published_ballots(election)
        with pytest.raises(Conflict):
            voting.find_receipt(election=election, code="AAAA-BBBB-CCCC-DDDD")

    def test_the_periodic_task_closes_due_votes(self, town, election_factory):
        election = election_factory()
        voting.cast_vote(election=election, voter=town["resident"],
                         option_id=options(election)[0])

        assert voting.close_due_elections(now=election.closes_at + LATER) == 1
        election.refresh_from_db()
        assert election.status == Election.Status.CLOSED
        assert voting.close_due_elections(now=election.closes_at + LATER) == 0

    def test_staff_outside_the_mahalla_cannot_close(self, town, election_factory):
        election = election_factory()
        for who in ("other_chairman", "far_official"):
            with pytest.raises(NotFound):
                voting.close_election(election=election, actor=town[who],
                                      now=election.closes_at)
        with pytest.raises(PermissionDenied):
            voting.close_election(election=election, actor=town["auditor"],
                                  now=election.closes_at)
        assert not Election.objects.filter(status="closed").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_committed_shuffle_gives_ballots_a_transaction_id_of_their_own(town,
                                                                        election_factory):
    election = election_factory()
    voting.cast_vote(election=election, voter=town["resident"], option_id=options(election)[0])
    voting.cast_vote(election=election, voter=town["neighbour"], option_id=options(election)[1])

    def xmins(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE election_id = %s",  # noqa: S608
                           [election.pk])
            return {row[0] for row in cursor.fetchall()}

    # Before: each vote's two rows carry the same or neighbouring transaction ids (the
    # "who voted" row is written in a savepoint, a subtransaction of its own): linkable.
    casts = {int(x) for x in xmins(VoteCast._meta.db_table)}
    ballots = {int(x) for x in xmins(Ballot._meta.db_table)}
    assert len(casts) == 2 and all(min(abs(b - c) for c in casts) <= 1 for b in ballots)
    casts = {str(x) for x in casts}
    voting.shuffle_ballots(election=election)
    after = xmins(Ballot._meta.db_table)
    assert len(after) == 1 and not (after & casts)  # one shuffle transaction for all


def test_the_periodic_tasks_are_registered_and_run(town, election_factory):
    from mahalla.core.periodic import PERIODIC_TASKS
    from mahalla.participation.tasks import close_due_votes_task, shuffle_ballots_task

    names = {path.rsplit(".", 1)[-1] for path, _ in PERIODIC_TASKS}
    assert {"shuffle_ballots_task", "close_due_votes_task", "petitions_watch_task"} <= names
    election = election_factory()
    voting.cast_vote(election=election, voter=town["resident"], option_id=options(election)[0])
    ids = set(Ballot.objects.values_list("id", flat=True))

    assert shuffle_ballots_task.enqueue().return_value == 1
    assert not ids & set(Ballot.objects.values_list("id", flat=True))
    assert close_due_votes_task.enqueue().return_value == {"surveys": 0, "elections": 0}


def test_a_vote_whose_ballots_and_voters_disagree_is_not_closed(town, election_factory):
    election = election_factory()
    voting.cast_vote(election=election, voter=town["resident"], option_id=options(election)[0])
    Ballot.objects.filter(election=election).delete()  # tampering behind the service's back

    assert voting.close_due_elections(now=election.closes_at) == 0
    election.refresh_from_db()
    assert election.status == Election.Status.OPEN
    assert not DomainEvent.objects.filter(type=voting.BALLOT_EVENT).exists()
