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
