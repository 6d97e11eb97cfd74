from django import template

from core.navigation import MenuItem, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def menu(context, bar: str) -> list[MenuItem]:
    """``{% menu "staff" as items %}``: the entries apps registered for that bar, as this user sees them."""
    return menu_for(bar, context)
