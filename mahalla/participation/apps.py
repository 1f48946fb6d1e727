from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "mahalla.participation"
    label = "participation"
    verbose_name = _("Civic participation: petitions, polls and e-voting")

    def ready(self) -> None:
        from mahalla.core.periodic import register

        register("mahalla.participation.tasks.petitions_watch_task", 15 * 60)
        register("mahalla.participation.tasks.close_due_votes_task", 5 * 60)
        # Ballot secrecy: how long ballots of an open vote stay in the order they were cast.
        register("mahalla.participation.tasks.shuffle_ballots_task", 5 * 60)
