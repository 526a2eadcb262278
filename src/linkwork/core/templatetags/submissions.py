"""`{% submission_key %}`: the hidden field that makes a form's create run once."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from linkwork.core.submissions import FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context: template.Context) -> SafeString:
    """A new key per rendered form; a form shown again after an error keeps the key it was
    sent with, so fixing and resending is still the same submission."""
    request = context.get("request")
    sent = request.POST.get(FIELD, "") if request is not None else ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, sent or uuid.uuid4().hex
    )
