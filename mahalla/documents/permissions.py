"""Who may see and decide applications.

Seeing is scope (`mahalla.core.scope`): the applicant's mahalla staff, the district's and
region's officials, auditors and administrators. Deciding (review, ask for information,
approve, reject) takes the service's deciding role within that scope — so another mahalla's
chairman cannot — or a district official or administrator of the scope. Nobody decides their
own application.
"""

from mahalla.core.models import Role, User
from mahalla.core.scope import ScopePaths, scope_queryset
from mahalla.documents.models import Application

APPLICATION_PATHS = ScopePaths(mahalla="mahalla", district="mahalla__district",
                               region="mahalla__district__region")
# Besides the service's own deciding role.
ALSO_DECIDE = {Role.DISTRICT_OFFICIAL, Role.ADMINISTRATOR}


def visible_applications(user: User):
    """The applications `user` may see as staff (none for residents)."""
    return scope_queryset(user, Application.objects.all(), APPLICATION_PATHS)


def own_applications(user: User):
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(applicant=user)


def can_view(user: User, application: Application) -> bool:
    if user.is_authenticated and application.applicant_id == user.pk:
        return True
    return visible_applications(user).filter(pk=application.pk).exists()


def may_decide_role(user: User, service) -> bool:
    return user.is_superuser or user.role == service.decided_by or user.role in ALSO_DECIDE


def can_decide(user: User, application: Application) -> bool:
    """May `user` review, question, approve or reject this application?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if application.applicant_id == user.pk:
        return False
    if not may_decide_role(user, application.service):
        return False
    return visible_applications(user).filter(pk=application.pk).exists()


def deciders(application: Application):
    """Who is told of a new application: the deciding role in the applicant's mahalla (or
    district); when nobody holds it, the mahalla chairman; else the district's officials."""
    people = User.objects.filter(is_active=True)
    role = application.service.decided_by
    mahalla = application.mahalla
    if role == Role.DISTRICT_OFFICIAL:
        found = people.filter(role=role, district=mahalla.district_id)
    else:
        found = people.filter(role=role, mahalla=mahalla.pk)
    if not found.exists():
        found = people.filter(role=Role.MAHALLA_CHAIRMAN, mahalla=mahalla.pk)
    if not found.exists():
        found = people.filter(role=Role.DISTRICT_OFFICIAL, district=mahalla.district_id)
    return found.exclude(pk=application.applicant_id)
