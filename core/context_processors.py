"""What every page needs: the organisation for the header and footer, and the user's roles."""

from django.http import HttpRequest

from .access import roles_of
from .models import Organisation


def portal(request: HttpRequest) -> dict:
    return {
        "organisation": Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first(),
        "user_roles": roles_of(request.user) if hasattr(request, "user") else set(),
    }
