"""Periodic deadline work: remind executors two days ahead, escalate overdue appeals."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mahalla.appeals.models import Appeal
from mahalla.appeals.services.common import add_step, notify_staff
from mahalla.appeals.services.submit import queue_keepers
from mahalla.core.models import Role, User

REMIND_BEFORE = timedelta(days=2)


def remind_due_soon(*, now=None) -> int:
    """Remind the executor (or the queue keepers) of appeals due within two days, once each."""
    now = now or timezone.now()
    count = 0
    ids = list(Appeal.objects.due_within(now, REMIND_BEFORE).filter(reminded_at__isnull=True)
               .values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().get(pk=pk)
            if appeal.reminded_at is not None:
                continue
            appeal.reminded_at = now
            appeal.save(update_fields=["reminded_at", "updated_at"])
            add_step(appeal, action="reminded", internal=True)
            recipients = [appeal.executor] if appeal.executor else list(queue_keepers(appeal))
            due = timezone.localtime(appeal.due_at).strftime("%d.%m.%Y %H:%M")
            notify_staff(recipients, appeal, "appeal.due_soon",
                         lambda a=appeal, d=due: _("Appeal %(number)s is due on %(due)s.")
                         % {"number": a.number, "due": d})
            count += 1
    return count


def escalate_overdue(*, now=None) -> int:
    """Escalate each overdue open appeal once to the officials of its district."""
    now = now or timezone.now()
    count = 0
    ids = list(Appeal.objects.overdue(now).filter(escalated_at__isnull=True)
               .values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().get(pk=pk)
            if appeal.escalated_at is not None or not appeal.is_overdue(now):
                continue
            appeal.escalated_at = now
            if appeal.priority == Appeal.Priority.NORMAL:
                appeal.priority = Appeal.Priority.HIGH
            appeal.save(update_fields=["escalated_at", "priority", "updated_at"])
            add_step(appeal, action="escalated", internal=True)
            officials = (User.objects.filter(role=Role.DISTRICT_OFFICIAL, is_active=True,
                                             district=appeal.district_id)
                         if appeal.district_id else
                         User.objects.filter(role=Role.REGION_OFFICIAL, is_active=True,
                                             region=appeal.region_id))
            notify_staff(officials, appeal, "appeal.overdue",
                         lambda a=appeal: _("Appeal %(number)s is overdue and was escalated "
                                            "to you.") % {"number": a.number})
            count += 1
    return count
