"""What every page needs: the organisation for the header and footer, and the user's roles."""

from django.http import HttpRequest

from .access import roles_of
from .selectors import organisation


def portal(request: HttpRequest) -> dict:
    return {
        "organisation": organisation(),
        "user_roles": roles_of(request.user) if hasattr(request, "user") else set(),
    }
