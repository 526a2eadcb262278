"""The header navigation, by role. Every app may add entries with a `navigation.py` module
that defines `NAV_ITEMS`; they are shown in `order`."""

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


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "accounts:home", order=0),
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


def nav_links(roles: frozenset[Role], path: str) -> list[NavLink]:
    links = []
    for item in all_nav_items():
        if item.roles is not None and not (item.roles & roles):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(item.label, url, current))
    return links
