"""The one hook into the write path: every appeal event marks its cohort day for a refresh.

Registered as an event sink (mahalla.core.events), so it runs inside the service's transaction
and enqueues the refresh only once that transaction commits; a rolled-back change refreshes
nothing. The ids of one transaction are gathered into one task.
"""

from django.db import transaction

from mahalla.core.models import DomainEvent

_PENDING = "_analytics_pending_refresh"


class _Refresh:
    """The appeals changed in the current transaction; enqueued once, after commit."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        from mahalla.analytics.tasks import refresh_appeals_task

        self.done = True
        refresh_appeals_task.enqueue(sorted(self.ids))


def appeal_changed(event: DomainEvent) -> None:
    if event.object_type != "appeals.appeal" or not str(event.object_id).isdigit():
        return
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING, None)
    # Still waiting for this transaction's commit? (A rollback drops it from the list.)
    waiting = pending is not None and not pending.done and any(
        func is pending for _sids, func, _robust in connection.run_on_commit)
    if not waiting:
        pending = _Refresh()
        setattr(connection, _PENDING, pending)
        transaction.on_commit(pending, robust=True)
    pending.ids.add(int(event.object_id))
