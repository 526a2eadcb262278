"""Small display helpers for the implementation templates: tag colours and wording."""

from __future__ import annotations

from django import template

from linkwork.implementation.rules import Classification

register = template.Library()

_TAG_CLASS = {
    "fully_integrated": "nhsuk-tag--green",
    "partially_integrated": "nhsuk-tag--orange",
    "not_integrated": "nhsuk-tag--red",
    "not_assessable": "nhsuk-tag--grey",
    "met": "nhsuk-tag--green",
    "short": "nhsuk-tag--red",
    "no_data": "nhsuk-tag--grey",
    "not_applicable": "nhsuk-tag--white",
}
_STATUS_TEXT = {
    "met": "Met",
    "short": "Falls short",
    "no_data": "No data",
    "not_applicable": "Not applicable",
}


@register.filter
def tag_class(code: object) -> str:
    return _TAG_CLASS.get(str(code), "nhsuk-tag--grey")


@register.filter
def status_text(code: object) -> str:
    return _STATUS_TEXT.get(str(code), str(code))


# One letter per classification for the trend dots (the full label is their title).
_LETTER = {
    "fully_integrated": "F",
    "partially_integrated": "P",
    "not_integrated": "N",
    "not_assessable": "?",
}


@register.filter
def classification_label(code: object) -> str:
    return dict(Classification.choices).get(str(code), str(code))


@register.filter
def classification_letter(code: object) -> str:
    return _LETTER.get(str(code), "?")
