"""Panels on the role home pages. An app adds one with a `home_panels.py` module defining
`PANELS`: each panel names the roles it is for, its template, and a function that builds its
context for the signed-in user (returning None hides the panel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.core.discovery import linkwork_app_modules


@dataclass(frozen=True)
class HomePanel:
    order: int
    roles: frozenset[Role]
    template: str
    context: Callable[[User], dict[str, Any] | None]


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


@cache
def all_panels() -> tuple[HomePanel, ...]:

    panels = [
        p for module in linkwork_app_modules("home_panels") for p in getattr(module, "PANELS", ())
    ]
    return tuple(sorted(panels, key=lambda p: p.order))


def panels_for(user: User, roles: frozenset[Role]) -> list[RenderedPanel]:
    rendered = []
    for panel in all_panels():
        if panel.roles & roles:
            context = panel.context(user)
            if context is not None:
                rendered.append(RenderedPanel(panel.template, context))
    return rendered


def page_lead(panels: list[RenderedPanel], default: str) -> str:
    """The subtitle a panel gives for the page (its context's "lead", the first one wins),
    such as the caseload in a sentence; otherwise the role's own."""
    return next((str(p.context["lead"]) for p in panels if p.context.get("lead")), default)
