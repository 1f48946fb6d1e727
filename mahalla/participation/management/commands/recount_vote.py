"""Recount a closed vote from its published ballots and check each ballot's ledger leaf.

    python manage.py recount_vote 12
    python manage.py recount_vote 12 --file ballots-12.json   # a downloaded list instead

Exit status 0 when the recount matches the announced tally, the list digest and the ledger.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from mahalla.participation import recount as counting
from mahalla.participation import voting
from mahalla.participation.models import Election


class Command(BaseCommand):
    help = "Recount a closed vote from its published ballots."

    def add_arguments(self, parser):
        parser.add_argument("election_id", type=int)
        parser.add_argument("--file", help="a downloaded ballots.json to recount instead")

    def handle(self, *args, election_id: int, file: str | None = None, **options):
        election = Election.objects.filter(pk=election_id).first()
        if election is None:
            raise CommandError(f"no vote with id {election_id}")
        if election.status != Election.Status.CLOSED:
            raise CommandError("the vote is not closed: its ballots are not published yet")
        if file:
            with open(file, encoding="utf-8") as handle:
                document = json.load(handle)
            result = counting.recount(document)
            if document.get("election") != election.pk:
                result.problems.append("the file belongs to another vote")
            if document.get("tally") != election.tally:
                result.problems.append("the file's tally differs from the announced tally")
        else:
            result = voting.recount_stored(election)
        labels = {o.pk: o.label for o in election.options.all()}
        self.stdout.write(f"vote {election.pk}: {result.ballots} ballots "
                          f"(roll {election.roll_size}), list sha256 {result.list_sha256}")
        for option, count in sorted(result.tally.items()):
            self.stdout.write(f"  {labels.get(option, option)}: {count}")
        for problem in result.problems:
            self.stderr.write(f"PROBLEM: {problem}")
        if not result.ok:
            raise CommandError("the recount does not match")
        self.stdout.write("OK: the recount reproduces the announced tally")
