"""How feedback reads in the person's subject access report: each statement with the answer
they gave, in words, instead of codes; and the feedback link's hash as what it is."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Model

from linkwork.voice.models import FeedbackRequest, FeedbackResponse
from linkwork.voice.questionnaire import ITEMS, Agreement


def voice_words(row: Model, field_name: str, value: object) -> str | None:
    if isinstance(row, FeedbackResponse) and field_name == "answers":
        answers = value if isinstance(value, Mapping) else {}
        return "\n".join(
            f"{item.text} {Agreement(answers[item.code]).label}"
            if answers.get(item.code) in Agreement
            else f"{item.text} Not answered"
            for item in ITEMS
        )
    if isinstance(row, FeedbackRequest) and field_name == "token_hash":
        return "Kept only as a check of the link, which cannot be rebuilt from it"
    return None
