"""The header navigation, by role. Each capability adds its entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from linkwork.accounts.roles import Role


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role] | None = None  # None: every signed-in user


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "accounts:home"),
    NavItem("Regions", "organisations:region_list"),
    NavItem("Schemes", "organisations:scheme_list"),
    NavItem("Organisations", "organisations:organisation_list"),
    NavItem("Administration", "admin:index", frozenset({Role.SYSTEM_ADMIN})),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    label: str
    url: str
    current: bool


def nav_links(roles: frozenset[Role], path: str) -> list[NavLink]:
    links = []
    for item in NAV_ITEMS:
        if item.roles is not None and not (item.roles & roles):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(item.label, url, current))
    return links
