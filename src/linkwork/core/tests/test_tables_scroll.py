"""Every table in the templates sits in a box that scrolls on a narrow phone."""

from __future__ import annotations

import re
from pathlib import Path

import linkwork

ROOT = Path(linkwork.__file__).parent


def test_every_table_is_wrapped_to_scroll_within_itself() -> None:
    unwrapped = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text()
        tables = len(re.findall(r"<table\b", text))
        wrapped = len(re.findall(r'<div class="lw-table-scroll"><table\b', text))
        if tables != wrapped:
            unwrapped.append(str(template.relative_to(ROOT)))
    assert unwrapped == []
    css = (ROOT / "static" / "css" / "linkwork.css").read_text()
    narrow = css.split("@media (max-width: 640px)", 1)[1]
    assert ".lw-table-scroll { max-width: 100%; overflow-x: auto; position: relative; }" in narrow
