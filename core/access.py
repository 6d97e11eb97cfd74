"""Who may see and change which department's records.

Staff work inside their own department; a role holding
`core.view_all_departments` / `core.change_all_departments` reaches every one.
"""

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .roles import Role

AnyUser = User | AnonymousUser
_QS = TypeVar("_QS", bound=QuerySet)


class AuthenticatedHttpRequest(HttpRequest):
    """For type checking only: the request of a view behind login_required or permission_needed has a signed-in user."""

    user: User


def department_id_of(user: AnyUser) -> int | None:
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.department_id if profile else None


def sees_all_departments(user: AnyUser) -> bool:
    return user.has_perm("core.view_all_departments")


def can_view_department(user: AnyUser, department_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    if sees_all_departments(user):
        return True
    return department_id is not None and department_id == department_id_of(user)


def can_edit_department(user: AnyUser, department_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_perm("core.change_all_departments"):
        return True
    return department_id is not None and department_id == department_id_of(user)


def visible_to(queryset: _QS, user: AnyUser, department_field: str = "department") -> _QS:
    """Narrow a queryset of department-owned records to what ``user`` may see.

    Default deny: without the model's view permission (no role) a user sees none.
    """
    meta = queryset.model._meta
    if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return queryset.none()
    if sees_all_departments(user):
        return queryset
    own = department_id_of(user)
    if own is None:
        return queryset.none()
    return queryset.filter(**{f"{department_field}_id": own})


def roles_of(user: AnyUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    names = {group.name for group in user.groups.all()}
    return {role for role in Role.values if role in names}


def permission_needed(perm: str):
    """View decorator: visitors go to the log-in page; users without ``perm`` get a 403 page."""
    from django.contrib.auth.decorators import login_required, permission_required

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


def users_with_permission(perm: str) -> QuerySet[User]:
    """Active users holding ``perm`` ("app_label.codename") through a group or on their own, for notices."""
    app_label, codename = perm.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    held = Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
    return User.objects.filter(held, is_active=True).distinct().order_by("pk")


# What django-axes keeps of a failed log-in's username: its column's length. Django's log-in forms do not
# bound the username they pass to authenticate(), and a longer one made the log-in page a server error on
# PostgreSQL, where axes could not store it.
ATTEMPT_USERNAME_LENGTH = 255


def login_attempt_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username axes counts failed log-ins under (AXES_USERNAME_CALLABLE), cut to what it stores."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:ATTEMPT_USERNAME_LENGTH] if isinstance(username, str) else username
