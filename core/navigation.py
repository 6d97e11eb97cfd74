"""The menus of every page, filled by the apps: no template or core module names an app's pages.

An app registers its entries in its AppConfig.ready():

    register_menu_entry(MenuEntry(_("Budget plan"), "budget:plan", group="ita", permission="budget.view_plan"))

`base.html` draws four bars: ``staff`` (signed-in users; entries in ``MenuGroup`` dropdowns or on
the bar itself), ``tools`` (buttons beside the user's menu, each with an optional count badge),
``account`` (the user's own menu) and ``public`` (citizens, not signed in).
An entry shows when the user holds its permission (any of several) and, if it has one, its
``visible`` test passes; ``url`` is a URL name or a function of the template context.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Context = Any  # a django.template.Context: request, user, perms and the page's own variables

STAFF, TOOLS, ACCOUNT, PUBLIC = "staff", "tools", "account", "public"


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: "StrOrPromise"
    order: int


@dataclass(frozen=True)
class MenuEntry:
    label: "StrOrPromise"
    url: str | Callable[[Context], str | None]  # a URL name, or a function (None hides the entry)
    bar: str = STAFF
    group: str = ""  # a MenuGroup's key; empty: on the bar itself
    order: int = 100
    permissions: tuple[str, ...] = ()  # any one of them will do; none: everyone on that bar
    visible: Callable[[Context], bool] | None = None
    badge: Callable[[Context], int] | None = None  # a count shown beside the label (unread, waiting …)
    dom_id: str = ""

    def href(self, context: Context) -> str | None:
        return reverse(self.url) if isinstance(self.url, str) else self.url(context)

    def shown_to(self, context: Context) -> bool:
        user = context["request"].user
        if self.permissions and not any(user.has_perm(perm) for perm in self.permissions):
            return False
        return self.visible is None or self.visible(context)


@dataclass
class MenuItem:
    """What the template draws: a link, or a dropdown of links."""

    label: str
    href: str = ""
    dom_id: str = ""
    badge: int = 0
    children: list["MenuItem"] = field(default_factory=list)


_groups: dict[str, MenuGroup] = {}
_entries: list[MenuEntry] = []


def register_menu_group(group: MenuGroup) -> None:
    _groups[group.key] = group


def register_menu_entry(entry: MenuEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def menu_for(bar: str, context: Context) -> list[MenuItem]:
    """The bar's items the user may see, in order; a dropdown with nothing to show is left out."""
    placed: list[tuple[int, MenuItem]] = []
    children: dict[str, list[tuple[int, MenuItem]]] = {key: [] for key in _groups}
    for entry in _entries:
        if entry.bar != bar or not entry.shown_to(context):
            continue
        href = entry.href(context)
        if href is None:
            continue
        badge = entry.badge(context) if entry.badge else 0
        item = MenuItem(label=str(entry.label), href=href, dom_id=entry.dom_id, badge=badge)
        (children[entry.group] if entry.group else placed).append((entry.order, item))
    for key, items in children.items():
        if items:
            group = _groups[key]
            dropdown = MenuItem(label=str(group.label), dom_id=f"nav-{key}", children=_in_order(items))
            placed.append((group.order, dropdown))
    return _in_order(placed)


def _in_order(items: list[tuple[int, MenuItem]]) -> list[MenuItem]:
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]
