"""The header navigation, by role. Every app may add entries with a `navigation.py` module
that defines `NAV_ITEMS`; they are shown in `order`.

The header keeps to what each role uses every day; an item marked `hub_for` a role is listed
instead on the "Scheme" page (`accounts:hub`) for that role, which the header links to, so
every page stays one step from the header."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from linkwork.accounts.roles import Role
from linkwork.core.discovery import linkwork_app_modules


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url_name: str
    order: int
    roles: frozenset[Role] | None = None  # None: every signed-in user
    # Roles for whom the item is on the Scheme page rather than in the header.
    hub_for: frozenset[Role] = frozenset()

    def seen_by(self, roles: frozenset[Role]) -> frozenset[Role]:
        return roles if self.roles is None else roles & self.roles

    def in_header_for(self, roles: frozenset[Role]) -> bool:
        return bool(self.seen_by(roles) - self.hub_for)


# The roles whose working day the header is pruned for; the others have few items anyway.
DAILY_STAFF = frozenset({Role.LINK_WORKER, Role.SCHEME_MANAGER})
HUB_LABEL = "Scheme"

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "accounts:home", order=0),
    NavItem(HUB_LABEL, "accounts:hub", order=900, roles=DAILY_STAFF),
    NavItem("Administration", "admin:index", order=1000, roles=frozenset({Role.SYSTEM_ADMIN})),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    label: str
    url: str
    current: bool


@cache
def all_nav_items() -> tuple[NavItem, ...]:

    items = [item for module in linkwork_app_modules("navigation") for item in module.NAV_ITEMS]
    return tuple(sorted(items, key=lambda item: (item.order, item.label)))


def _link(item: NavItem, path: str) -> NavLink:
    url = reverse(item.url_name)
    current = path == url if url == "/" else path.startswith(url)
    return NavLink(item.label, url, current)


def nav_links(roles: frozenset[Role], path: str) -> list[NavLink]:
    """The header's links for the roles."""
    return [
        _link(item, path)
        for item in all_nav_items()
        if item.seen_by(roles) and item.in_header_for(roles)
    ]


def hub_links(roles: frozenset[Role]) -> list[NavLink]:
    """The pages the roles may open that the header leaves to the Scheme page."""
    return [
        _link(item, "")
        for item in all_nav_items()
        if item.seen_by(roles) and not item.in_header_for(roles)
    ]
