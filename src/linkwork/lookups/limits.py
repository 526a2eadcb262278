"""How large a lookup file's parts may be. Pure data.

The national files have short cells (codes, coordinates); a cell far longer than any real one
means a broken or hostile file, refused before it reaches the database.
"""

from __future__ import annotations

MAX_CELL_CHARS = 256
