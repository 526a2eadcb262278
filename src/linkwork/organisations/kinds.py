"""Organisation kinds and which kinds may contain which. Pure data, no Django."""

from __future__ import annotations

from linkwork.core.choices import Choices


class Country(Choices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"


class OrgKind(Choices):
    GP_PRACTICE = "gp_practice", "GP practice"
    PCN = "pcn", "Primary care network (PCN)"
    GP_FEDERATION = "gp_federation", "GP federation or alliance"
    ICB = "icb", "Integrated care board (ICB)"
    HSCP = "hscp", "Health and social care partnership (HSCP)"
    HEALTH_BOARD = "health_board", "Health board"
    VCSE = "vcse", "Voluntary, community or social enterprise (VCSE)"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER_STATUTORY = "other_statutory", "Other statutory body"


# The containment the registry accepts: a practice sits in a PCN (England) or an HSCP
# (Scotland); a PCN in an ICB or a federation; a federation in an ICB; an HSCP in a board.
ALLOWED_PARENTS: dict[OrgKind, frozenset[OrgKind]] = {
    OrgKind.GP_PRACTICE: frozenset({OrgKind.PCN, OrgKind.HSCP}),
    OrgKind.PCN: frozenset({OrgKind.ICB, OrgKind.GP_FEDERATION}),
    OrgKind.GP_FEDERATION: frozenset({OrgKind.ICB}),
    OrgKind.HSCP: frozenset({OrgKind.HEALTH_BOARD}),
    OrgKind.ICB: frozenset(),
    OrgKind.HEALTH_BOARD: frozenset(),
    OrgKind.VCSE: frozenset(),
    OrgKind.LOCAL_AUTHORITY: frozenset(),
    OrgKind.OTHER_STATUTORY: frozenset(),
}

# The unit the mapping study counts delivery models in.
COUNTING_UNIT: dict[Country, OrgKind] = {
    Country.ENGLAND: OrgKind.PCN,
    Country.SCOTLAND: OrgKind.HSCP,
}

# Bodies that commission at a strategic level (and in model 4 co-manage).
STRATEGIC_KINDS = frozenset({OrgKind.ICB, OrgKind.HSCP, OrgKind.HEALTH_BOARD})


def parent_problem(kind: OrgKind, parent_kind: OrgKind | None) -> str | None:
    """Say why `parent_kind` cannot contain `kind`, or None when it can."""
    if parent_kind is None:
        return None
    allowed = ALLOWED_PARENTS[kind]
    if parent_kind in allowed:
        return None
    if not allowed:
        return f"A {kind.label} does not sit inside another organisation."
    names = " or ".join(sorted(k.label for k in allowed))
    return f"A {kind.label} can only sit inside a {names}, not a {parent_kind.label}."
