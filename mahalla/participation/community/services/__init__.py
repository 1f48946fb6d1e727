"""Every write of discussions (`discussions`), the virtual reception (`reception`) and
ratings of services (`ratings`): permission first, then rows and `record_event`, in one
transaction; messages through the notify outbox after commit."""
