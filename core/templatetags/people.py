"""{{ user|display_name }}: a person's full name, else username, else a dash (or the given fallback)."""

from django import template

register = template.Library()


@register.filter
def display_name(user, fallback: str = "—") -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()
