"""How large a data package read back for the evaluation may be. Pure data.

A package is read whole into memory; these bounds keep a mistaken or hostile folder from
exhausting it. A national year of link work is well under them.
"""

from __future__ import annotations

MAX_DESCRIPTOR_BYTES = 1024 * 1024
MAX_TABLE_BYTES = 512 * 1024 * 1024
MAX_CELL_CHARS = 10_000
