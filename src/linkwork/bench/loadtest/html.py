"""Just enough HTML reading for a browser's part: the forms on a page (fields, defaults and
choices) and the links to records. Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    values: dict[str, str] = field(default_factory=dict)
    # Radio groups and selects: every value offered, in page order.
    choices: dict[str, list[str]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if "required" in a:
                form.required.add(name)
            if kind in {"radio", "checkbox"}:
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.values[name] = a.get("value", "on")
            else:
                form.values.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            form.choices.setdefault(name, [])
            if "required" in a:
                form.required.add(name)
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.choices[self._select].append(value)
            if "selected" in a:
                form.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form.values.setdefault(name, "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def form_with_action(page: str, pattern: str) -> Form | None:
    """The first form whose action matches `pattern` (a regular expression)."""
    return next((f for f in forms(page) if re.search(pattern, f.action)), None)


def csrf_token(page: str) -> str | None:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else None


_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def linked_ids(page: str, prefix: str) -> list[str]:
    """Record ids in links such as href="/people/<id>/" for prefix "/people/", in page order,
    each once."""
    found = re.findall(rf'href="{re.escape(prefix)}({_UUID})/', page)
    return list(dict.fromkeys(found))
