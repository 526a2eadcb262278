"""The registry on the commissioner's and the researcher's home pages: the schemes a
commissioner's organisation commissions, and every region with its schemes and delivery
models for researchers."""

from __future__ import annotations

from typing import Any

from linkwork.accounts.home_panels import HomePanel
from linkwork.accounts.models import User
from linkwork.accounts.roles import Role
from linkwork.accounts.selectors import membership_list_active
from linkwork.organisations.selectors import (
    region_summary_rows,
    scheme_delivery_model,
    scheme_list,
    schemes_commissioned_by,
)


def _commissioned(user: User) -> dict[str, Any]:
    organisations = {
        m.organisation_id: m.organisation
        for m in membership_list_active(user=user).filter(role=Role.COMMISSIONER.value)
    }
    schemes = schemes_commissioned_by(organisation_ids=organisations)
    return {
        "commissioners": sorted(o.name for o in organisations.values()),
        "schemes": [(scheme, scheme_delivery_model(scheme)) for scheme in schemes],
    }


def _registry(user: User) -> dict[str, Any]:
    rows = region_summary_rows()
    return {"rows": rows, "scheme_count": scheme_list().count()}


PANELS = (
    HomePanel(
        10,
        frozenset({Role.COMMISSIONER}),
        "organisations/_home_commissioned_panel.html",
        _commissioned,
    ),
    HomePanel(
        10, frozenset({Role.RESEARCHER}), "organisations/_home_registry_panel.html", _registry
    ),
)
