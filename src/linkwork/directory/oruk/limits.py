"""How large an import's parts may be. Pure data and one pure check.

Open Referral UK sets no lengths, so these are generous bounds on what a real directory
publishes; anything beyond them is a broken or hostile file, refused with a message naming
the record and field rather than stored or left to crash the reader.
"""

from __future__ import annotations

import re

# A file beyond this is not read at all (the largest national feeds are a few megabytes).
MAX_FILE_BYTES = 64 * 1024 * 1024
# The standard's deepest document (a page of services, each with locations, addresses,
# schedules, attributes and their taxonomy terms) nests about ten levels.
MAX_JSON_DEPTH = 32
# Names and titles are shown in lists and on one line; other text is shown in full.
NAME_COLUMNS = frozenset({"name", "alternate_name", "title"})
MAX_NAME_CHARS = 500
MAX_TEXT_CHARS = 20_000

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def max_text_chars(column: str) -> int:
    return MAX_NAME_CHARS if column in NAME_COLUMNS else MAX_TEXT_CHARS


def json_nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in JSON text, found without parsing it (a parser
    would recurse once per level, which is how deep nesting crashes one).

    >>> json_nesting_depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    deepest = depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match[0] in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest
