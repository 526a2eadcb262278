"""How large a data package read back for the evaluation may be. Pure data.

A package is read whole into memory; these bounds keep a mistaken or hostile folder from
exhausting it. A national year's largest table, its sessions, is about 1 GB as CSV (the demo's
national world: 4.6 million sessions, 0.94 GB) and a fifth of that as Parquet, which the
reader takes when a package has it.
"""

from __future__ import annotations

MAX_DESCRIPTOR_BYTES = 1024 * 1024
MAX_TABLE_BYTES = 2 * 1024 * 1024 * 1024
MAX_CELL_CHARS = 10_000
