"""Rules an organisation must satisfy before it is written, shared by the service and the admin."""

from __future__ import annotations

from linkwork.organisations.kinds import OrgKind, parent_problem
from linkwork.organisations.models import Organisation, Region


def organisation_problems(
    *, kind: OrgKind, region: Region, parent: Organisation | None, list_size: int | None
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    problem = parent_problem(kind, OrgKind(parent.kind) if parent else None)
    if problem:
        problems.setdefault("parent", []).append(problem)
    if parent is not None and parent.region_id != region.pk:
        problems.setdefault("parent", []).append(
            f"{parent.name} is in {parent.region.name}, not {region.name}."
        )
    if list_size is not None and kind is not OrgKind.GP_PRACTICE:
        problems.setdefault("list_size", []).append(
            "Only GP practices have a registered list size."
        )
    if list_size is not None and list_size < 0:
        problems.setdefault("list_size", []).append("A list size cannot be negative.")
    return problems


FUNDING_FIELDS: dict[str, str] = {
    "funding_nhs_percent": "NHS share of funding",
    "funding_council_percent": "local council share of funding",
    "funding_other_percent": "other funding share",
}


def funding_problems(
    *, nhs_percent: int, council_percent: int, other_percent: int
) -> dict[str, list[str]]:
    """Each share is a whole percentage, and together they account for all the money."""
    shares = {
        "funding_nhs_percent": nhs_percent,
        "funding_council_percent": council_percent,
        "funding_other_percent": other_percent,
    }
    problems: dict[str, list[str]] = {}
    for field_name, value in shares.items():
        if not 0 <= value <= 100:
            label = FUNDING_FIELDS[field_name]
            problems.setdefault(field_name, []).append(
                f"The {label} must be between 0 and 100%, not {value}%."
            )
    total = sum(shares.values())
    if not problems and total != 100:
        problems["funding_nhs_percent"] = [
            f"The NHS, local council and other funding shares must add up to 100%; they add "
            f"up to {total}% (NHS {nhs_percent}%, council {council_percent}%, other "
            f"{other_percent}%)."
        ]
    return problems
