"""Who may issue, revoke, see and download issued documents.

Issue and revoke: staff of the issuing mahalla or organization, and administrators. See and
download: the holder, and staff whose scope (``mahalla.core.scope``) covers the issuer —
auditors and administrators everything.
"""

from django.db.models import Q

from mahalla.core.models import MAHALLA_STAFF_ROLES, ORGANIZATION_ROLES, Role
from mahalla.core.scope import ScopePaths, scope_filter
from mahalla.documents.issuing.models import IssuedDocument

# An issuer is a mahalla or an organization, and an organization belongs to a mahalla, a
# district or a region: one set of scope paths for each way to reach the territory.
ISSUER_SCOPES = (
    ScopePaths(mahalla="issuer_mahalla", district="issuer_mahalla__district",
               region="issuer_mahalla__district__region", organization="issuer_organization"),
    ScopePaths(mahalla="issuer_organization__mahalla",
               district="issuer_organization__mahalla__district",
               region="issuer_organization__mahalla__district__region", organization=None),
    ScopePaths(mahalla=None, district="issuer_organization__district",
               region="issuer_organization__district__region", organization=None),
    ScopePaths(mahalla=None, district=None, region="issuer_organization__region",
               organization=None),
)


def _is_admin(user) -> bool:
    return bool(user.is_superuser or user.role == Role.ADMINISTRATOR)


def can_issue(user, *, organization_id: int | None, mahalla_id: int | None) -> bool:
    """Staff of the issuing body or an administrator (``None`` is the system itself)."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if _is_admin(user):
        return True
    if user.role in MAHALLA_STAFF_ROLES:
        return bool(mahalla_id and user.mahalla_id == mahalla_id)
    if user.role in ORGANIZATION_ROLES:
        return bool(organization_id and user.organization_id == organization_id)
    return False


def can_revoke(user, document: IssuedDocument) -> bool:
    if user is None:
        return False
    return can_issue(user, organization_id=document.issuer_organization_id,
                     mahalla_id=document.issuer_mahalla_id)


def staff_documents(user):
    """Documents whose issuer is within ``user``'s staff scope (none for residents)."""
    conditions = [scope_filter(user, paths) for paths in ISSUER_SCOPES]
    if any(not condition for condition in conditions):
        return IssuedDocument.objects.all()  # an empty Q is "everything" (auditors, admins)
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return IssuedDocument.objects.filter(combined)


def viewable_documents(user):
    """What ``user`` may open and download: their own documents and those in their scope."""
    if not user.is_authenticated or not user.is_active:
        return IssuedDocument.objects.none()
    return IssuedDocument.objects.filter(
        Q(holder=user) | Q(pk__in=staff_documents(user).values("pk")))
