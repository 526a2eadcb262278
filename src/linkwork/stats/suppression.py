"""Small-number suppression for published group figures.

Rule
----
1. Primary: a group with fewer than ``threshold`` people (default 10) has every
   figure, including its ``n``, replaced by None and is marked
   ``suppressed: True``.
2. Secondary: if exactly one group in a set is suppressed and the set's total is
   published, the small group could be recovered by subtracting the others
   from the total. The smallest remaining group (first in input order on a
   tie) is suppressed as well, so only the sum of the two is recoverable.

Both kinds are marked the same way on purpose: saying which cell is the small
one would reveal part of what suppression hides.

Limits: with two or more suppressed groups, their combined count can still be
worked out from the total; this is accepted practice but means the combined
count is disclosed. Figures other than counts (means, percentages) from
suppressed rows are removed too, because they can reveal individual values.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

__all__ = ["DEFAULT_THRESHOLD", "suppress", "suppress_rows"]

DEFAULT_THRESHOLD = 10


def suppress(n: int, *, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Return True if a group of ``n`` people is too small to publish.

    Zero counts are suppressed too: a published zero next to a suppressed cell
    narrows what the suppressed cell can be.

    Notes
    -----
    suppressed = n < threshold.

    References
    ----------
    Government Statistical Service. Disclosure control policy for tables
    produced from administrative data sources. 2009.
    Hundepool A, Domingo-Ferrer J, Franconi L, et al. Statistical Disclosure
    Control. Wiley, 2012 (chapter on frequency tables: primary and secondary
    cell suppression).

    The threshold of 10 is this project's default, not a national rule;
    publishers set their own.

    Examples
    --------
    >>> suppress(9), suppress(10)
    (True, False)
    """
    _check_threshold(threshold)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative whole number of people, got {n!r}.")
    return n < threshold


def suppress_rows(
    rows: Sequence[Mapping[str, object]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    total_reported: bool = True,
    label_keys: Collection[str] = ("group",),
) -> list[dict[str, object]]:
    """Apply primary and secondary suppression to one set of group rows.

    Parameters
    ----------
    rows
        One mapping per group, each with an integer ``"n"``; the set is the
        groups that add up to one published total (for example the delivery
        models within one quarter). Not modified.
    threshold
        Groups with ``n < threshold`` are suppressed.
    total_reported
        Whether the total of the set is published; secondary suppression is
        only needed if it is.
    label_keys
        Keys that identify the group and are kept; every other key, ``"n"``
        included, becomes None in a suppressed row.

    Returns
    -------
    list of dict
        Copies of the rows in the same order, each with ``"suppressed"`` set to
        True or False.

    Raises
    ------
    ValueError
        If a row has no whole-number ``"n"``, or if a single-group set with a
        published total would need suppression (the total *is* that group, so
        the total must be suppressed as well; pass ``total_reported=False`` once
        it is).

    Notes
    -----
    See the module docstring for the rule.

    Examples
    --------
    >>> rows = [{"group": "A", "n": 4, "mean": 2.0}, {"group": "B", "n": 25, "mean": 1.5},
    ...         {"group": "C", "n": 12, "mean": 3.1}]
    >>> for row in suppress_rows(rows):
    ...     print(row)
    {'group': 'A', 'n': None, 'mean': None, 'suppressed': True}
    {'group': 'B', 'n': 25, 'mean': 1.5, 'suppressed': False}
    {'group': 'C', 'n': None, 'mean': None, 'suppressed': True}
    """
    _check_threshold(threshold)
    counts = [_row_count(row, index) for index, row in enumerate(rows)]
    hidden = {index for index, n in enumerate(counts) if n < threshold}
    if total_reported and len(hidden) == 1:
        visible = [index for index in range(len(counts)) if index not in hidden]
        if not visible:
            raise ValueError(
                "the only group in this set is below the threshold and the total equals it; "
                "suppress the total too and call again with total_reported=False."
            )
        # min() keeps the first of equal counts, so the choice is reproducible.
        hidden.add(min(visible, key=lambda index: counts[index]))
    return [_blank(row, label_keys) if i in hidden else _shown(row) for i, row in enumerate(rows)]


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a positive whole number, got {threshold!r}.")


def _row_count(row: Mapping[str, object], index: int) -> int:
    n = row.get("n")
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"row {index} needs a non-negative whole-number 'n', got {n!r}.")
    return n


def _blank(row: Mapping[str, object], label_keys: Collection[str]) -> dict[str, object]:
    blanked: dict[str, object] = {
        key: (value if key in label_keys else None) for key, value in row.items()
    }
    blanked["suppressed"] = True
    return blanked


def _shown(row: Mapping[str, object]) -> dict[str, object]:
    return {**row, "suppressed": False}
