"""How large a bespoke instrument definition's numbers and files may be. Pure data.

A questionnaire item is answered by picking one of its response options, which are shown as
radio buttons, so its range is small; published tools use at most 0 to 100 (visual analogue
scales). Anything far beyond is a typing mistake or a hostile file, refused with the field
named before it reaches forms, charts or the database.
"""

from __future__ import annotations

# An item's min and max lie within +-ITEM_VALUE_LIMIT ...
ITEM_VALUE_LIMIT = 1000
# ... and offer at most this many response options (0 to 100).
MAX_ITEM_OPTIONS = 101
# Band edges and the minimal important change are on the score scale: items x range.
SCORE_VALUE_LIMIT = 1_000_000
MAX_ITEMS = 200
# Definition and wording files are a few kilobytes; this is generous.
MAX_FILE_BYTES = 1024 * 1024
