"""Disclosure control for a whole set of linked count tables: one pass, not table by table.

Rule
----
Every count in a publication is a *cell*. Cells are tied by *margins*: a total equals the
sum of its parts (every breakdown of a figure shares its overall n; a region's count is the
sum of its schemes'; a delivery model's count the sum of its schemes'; a group's size is the
people who improved plus those who did not). Some cells are never published but are still
groups of people (those who did *not* improve, people left out of a model): they are
*unpublished* cells, unknown to a reader, and protected like any other.

1. Primary: every cell from 1 to ``threshold - 1`` (default 10) is sensitive and hidden.
   Zeros are shown: an empty group reveals nobody.
2. Complementary: a sensitive cell must not be recoverable from published cells through
   the margins, directly or by chains of subtraction across tables. Hidden cells are added,
   smallest non-zero count first, until
   - no margin has exactly one hidden member (so no "total minus visible siblings"),
   - where a margin's total is published, its hidden parts add up to 0 or to at least the
     threshold (so the hidden pair is not itself a small group), and
   - no sensitive cell is determined by the published cells and all the margins taken
     together (checked exactly with linear algebra: a cell is determined when its unit
     vector lies in the row space of the margins restricted to hidden cells), and
   - where a margin's total is known, published or worked out, the hidden parts that cannot
     be worked out one by one add up to 0 or to at least the threshold: hidden parts that
     can be worked out are as good as published, and subtracting them from the total
     leaves what the rest add up to (two hidden schemes of 7 and 2 beside two hidden ones
     that are each the only scheme of their region or delivery model).
   Cells can be *tied*: when the first cell of a tie is hidden, for any reason, so are the
   others, and their margins are checked again (a row's group size hides the row's other
   counts; two counts of one row that each hide the other are two ties). A cell tied to a
   small one is as sensitive as it: it must not be worked out through its own margins.
3. Rounding: published counts are rounded to the nearest ``base`` (5 by default, halves
   up, as in NHS statistical releases), so totals need not equal the sum of rounded parts.

The choice of complementary cells is deterministic (smallest count, then cell order), so
the same data always give the same publication. Which cells are hidden for which reason is
not reported: saying which one is small would reveal part of what suppression hides.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeAlias, TypeVar

import numpy as np

__all__ = [
    "DEFAULT_ROUNDING_BASE",
    "Margin",
    "Protection",
    "protect",
    "round_count",
]

DEFAULT_ROUNDING_BASE = 5

Cell = TypeVar("Cell", bound=Hashable)


@dataclass(frozen=True)
class Margin(Generic[Cell]):
    """``total`` is the sum of ``parts`` (each a cell key)."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def members(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)


# What one pass finds: a sensitive cell worked out, a margin whose known total leaves a
# small group of hidden parts, or nothing.
Leak: TypeAlias = Cell | Margin[Cell] | None


@dataclass
class Protection(Generic[Cell]):
    """The outcome of :func:`protect`: which published cells to hide."""

    hidden: set[Cell] = field(default_factory=set)
    primary: set[Cell] = field(default_factory=set)


def round_count(n: int, base: int = DEFAULT_ROUNDING_BASE) -> int:
    """Round a count to the nearest ``base``, halves up (7 -> 5, 8 -> 10, 12 -> 10).

    >>> [round_count(n) for n in (0, 10, 12, 13, 17, 18)]
    [0, 10, 10, 15, 15, 20]
    """
    if base < 1:
        raise ValueError(f"the rounding base must be a positive whole number, got {base!r}.")
    return ((2 * n + base) // (2 * base)) * base


def protect(
    counts: Mapping[Cell, int],
    margins: Sequence[Margin[Cell]],
    *,
    threshold: int,
    unpublished: Iterable[Cell] = (),
    ties: Iterable[Sequence[Cell]] = (),
    also_sensitive: Iterable[Cell] = (),
) -> Protection[Cell]:
    """Choose the published cells to hide so no group of 1 to ``threshold - 1`` people can
    be read or worked out. ``counts`` holds every cell, published or not; ``unpublished``
    cells are never shown (they are unknowns to a reader); when the first cell of one of
    ``ties`` is hidden, so are the others. ``also_sensitive`` cells are protected as small
    ones whatever their count (a zero that would tell every member of a group gave the same
    answer). See the module docstring."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a positive whole number, got {threshold!r}.")
    for margin in margins:
        for cell in margin.members:
            if cell not in counts:
                raise ValueError(f"margin names a cell with no count: {cell!r}.")
    order = {cell: index for index, cell in enumerate(counts)}
    never = set(unpublished)
    links = [tuple(tie) for tie in ties]
    for tie in links:
        for cell in tie:
            if cell not in counts:
                raise ValueError(f"a tie names a cell with no count: {cell!r}.")
    extra = set(also_sensitive)
    for cell in extra:
        if cell not in counts:
            raise ValueError(f"a sensitive cell has no count: {cell!r}.")
    small = {cell for cell, n in counts.items() if 0 < n < threshold} | extra
    primary = small - never
    # A cell tied to a small group's count speaks for that group, so it must not be worked
    # out either (the number of gains of a type that only 3 people had).
    sensitive = small | {cell for tie in links if tie and tie[0] in small for cell in tie}
    hidden = primary | never
    # Each pass hides one cell, which changes one group of linked margins; the others'
    # answers are kept rather than worked out again.
    solved: dict[tuple[tuple[int, ...], frozenset[Cell]], Leak[Cell]] = {}
    while True:
        if _tie(links, hidden, never):
            continue
        if _complete_margins(counts, margins, hidden, never, threshold, order):
            continue
        leak = _first_determined(counts, margins, hidden, sensitive, threshold, order, solved)
        if leak is None:
            break
        if isinstance(leak, Margin):
            _hide_in(leak, counts, margins, hidden, never, order)
        else:
            _hide_beside(leak, counts, margins, hidden, never, order)
    return Protection(hidden=hidden - never, primary=primary)


def _tie(ties: Sequence[tuple[Cell, ...]], hidden: set[Cell], never: set[Cell]) -> bool:
    """Hide the rest of every tie whose first cell is hidden; True if any was."""
    added = False
    for tie in ties:
        if tie and tie[0] in hidden:
            rest = {cell for cell in tie[1:] if cell not in hidden and cell not in never}
            if rest:
                hidden |= rest
                added = True
    return added


def _candidates(
    members: Iterable[Cell],
    counts: Mapping[Cell, int],
    hidden: set[Cell],
    never: set[Cell],
    order: Mapping[Cell, int],
) -> list[Cell]:
    # A zero is no use as a complement: hiding it leaves the other cell just as exposed.
    found = [c for c in members if c not in hidden and c not in never and counts[c] > 0]
    return sorted(found, key=lambda c: (counts[c], order[c]))


def _complete_margins(
    counts: Mapping[Cell, int],
    margins: Sequence[Margin[Cell]],
    hidden: set[Cell],
    never: set[Cell],
    threshold: int,
    order: Mapping[Cell, int],
) -> bool:
    """Apply the per-margin rule once; True if a cell was hidden. With the total published,
    what its hidden parts add up to is known, so it must be 0 or at least the threshold
    (one hidden part alone is the plain "total minus visible siblings" case)."""
    for margin in margins:
        if margin.total in hidden:
            continue  # then nothing in this margin alone is known; the audit covers chains
        exposed = sum(counts[c] for c in margin.parts if c in hidden)
        if 0 < exposed < threshold:
            parts = _candidates(margin.parts, counts, hidden, never, order)
            pick = parts or _candidates([margin.total], counts, hidden, never, order)
            if pick:
                hidden.add(pick[0])
                return True
    return False


def _components(margins: Sequence[Margin[Cell]], hidden: set[Cell]) -> list[list[int]]:
    """Margins (by position) grouped so that no two groups share a hidden cell (solved
    separately)."""
    parent: dict[Cell, Cell] = {}

    def find(cell: Cell) -> Cell:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    involved = []
    for position, margin in enumerate(margins):
        cells = [c for c in margin.members if c in hidden]
        if not cells:
            continue
        involved.append((position, cells[0]))
        for cell in cells[1:]:
            parent[find(cell)] = find(cells[0])
    groups: dict[Cell, list[int]] = {}
    for position, cell in involved:
        groups.setdefault(find(cell), []).append(position)
    return list(groups.values())


def _first_determined(
    counts: Mapping[Cell, int],
    margins: Sequence[Margin[Cell]],
    hidden: set[Cell],
    sensitive: set[Cell],
    threshold: int,
    order: Mapping[Cell, int],
    solved: dict[tuple[tuple[int, ...], frozenset[Cell]], Leak[Cell]] | None = None,
) -> Leak[Cell]:
    """The first leak through all margins: a sensitive cell the published cells pin down,
    or a margin whose known total leaves a small group of hidden parts. ``solved``
    remembers each group's answer by its margins and hidden cells."""
    solved = {} if solved is None else solved
    leaks: list[Cell | Margin[Cell]] = []
    for positions in _components(margins, hidden):
        group = [margins[p] for p in positions]
        hidden_here = frozenset(c for m in group for c in m.members if c in hidden)
        key = (tuple(positions), hidden_here)
        if key not in solved:
            solved[key] = _group_leak(group, hidden_here, counts, sensitive, threshold, order)
        leak = solved[key]
        if leak is not None:
            leaks.append(leak)

    def place(leak: Cell | Margin[Cell]) -> int:
        return order[leak.total] if isinstance(leak, Margin) else order[leak]

    return min(leaks, key=place) if leaks else None


def _group_leak(
    group: Sequence[Margin[Cell]],
    hidden_here: frozenset[Cell],
    counts: Mapping[Cell, int],
    sensitive: set[Cell],
    threshold: int,
    order: Mapping[Cell, int],
) -> Leak[Cell]:
    """The first sensitive hidden cell one group of linked margins pins down, else the
    first of its margins whose total is known while the hidden parts that are not add up
    to 1 to ``threshold - 1``, if any."""
    unknowns = sorted(hidden_here, key=order.__getitem__)
    column = {cell: index for index, cell in enumerate(unknowns)}
    matrix = np.zeros((len(group), len(unknowns)))
    for index, margin in enumerate(group):
        if margin.total in column:
            matrix[index, column[margin.total]] -= 1.0
        for part in margin.parts:
            if part in column:
                matrix[index, column[part]] += 1.0
    # A cell is determined when no direction of the null space moves it, that is when its
    # unit vector lies in the margins' row space. The thin SVD gives an orthonormal basis of
    # that row space (its first `rank` rows) at a fraction of the cost of the full one, whose
    # square factor grows with the square of the hidden cells; what is left of each unit
    # vector after projecting it on the row space is its part in the null space.
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > 1e-9 * max(1.0, float(singular[0]))).sum())
    row_space = vt[:rank]
    outside = np.eye(len(unknowns)) - row_space.T @ row_space
    pinned = np.linalg.norm(outside, axis=0) <= 1e-9
    determined = {cell for cell in unknowns if pinned[column[cell]]}
    for cell in unknowns:
        if cell in sensitive and cell in determined:
            return cell
    # A known total less its published and worked-out parts is what the rest add up to.
    for margin in group:
        if margin.total in hidden_here and margin.total not in determined:
            continue
        rest = sum(counts[c] for c in margin.parts if c in hidden_here and c not in determined)
        if 0 < rest < threshold:
            return margin
    return None


def _hide_in(
    margin: Margin[Cell],
    counts: Mapping[Cell, int],
    margins: Sequence[Margin[Cell]],
    hidden: set[Cell],
    never: set[Cell],
    order: Mapping[Cell, int],
) -> None:
    """Widen the hidden parts of a margin whose known total leaves them a small group: hide
    its smallest published part, else its total, else a cell beside its total (so that
    the total can no longer be worked out)."""
    pick = _candidates(margin.parts, counts, hidden, never, order) or _candidates(
        [margin.total], counts, hidden, never, order
    )
    if pick:
        hidden.add(pick[0])
    else:
        _hide_beside(margin.total, counts, margins, hidden, never, order)


def _hide_beside(
    cell: Cell,
    counts: Mapping[Cell, int],
    margins: Sequence[Margin[Cell]],
    hidden: set[Cell],
    never: set[Cell],
    order: Mapping[Cell, int],
) -> None:
    """Hide the smallest published cell sharing a margin with ``cell``. When every one is
    hidden already yet ``cell`` is still determined, hide the smallest published cell that a
    chain of margins links to it: only those bear on whether it can be worked out, so an
    unrelated table is never touched (hiding a whole report section to protect a cell of
    another)."""
    near = [m for m in margins if cell in m.members]
    parts = _candidates({c for m in near for c in m.parts}, counts, hidden, never, order)
    pick = parts or _candidates({m.total for m in near}, counts, hidden, never, order)
    if not pick:
        pick = _candidates(_linked(cell, margins), counts, hidden, never, order)
        if not pick:
            raise ValueError(f"cannot protect {cell!r}: nothing left to hide.")
    hidden.add(pick[0])


def _linked(cell: Cell, margins: Sequence[Margin[Cell]]) -> set[Cell]:
    """Every cell a chain of margins links to ``cell``."""
    by_cell: dict[Cell, list[Margin[Cell]]] = {}
    for margin in margins:
        for member in margin.members:
            by_cell.setdefault(member, []).append(margin)
    seen = {cell}
    todo = [cell]
    while todo:
        for margin in by_cell.get(todo.pop(), []):
            for member in margin.members:
                if member not in seen:
                    seen.add(member)
                    todo.append(member)
    return seen
