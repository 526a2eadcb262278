"""Stored codes with their human labels, declared once. Pure Python, no Django.

Every vocabulary of codes linkwork stores (a referral's status, a scheme's accepted sources,
an organisation's kind) is a `Choices` class: each member is the code as stored and carries
the label people read, so the two can never drift apart.

Why not Django's `TextChoices`? The rules that use these codes (intake, the lifecycle, scheme
policy, integration) are pure modules that may not import Django, so that they stay fast to
test and free of the framework. `Choices` mirrors the part of `TextChoices` we use, so a model
field takes `choices=Status.choices` and a template can show `Status.ACTIVE.label` as with
Django's own class:

>>> class Colour(Choices):
...     DEEP_RED = "deep_red", "Deep red"
...     BLUE = "blue", "Blue"
>>> Colour.DEEP_RED.label
'Deep red'
>>> str(Colour.DEEP_RED), f"{Colour.BLUE}", Colour.BLUE == "blue"
('deep_red', 'blue', True)
>>> Colour("blue") is Colour.BLUE
True
>>> Colour.choices
[('deep_red', 'Deep red'), ('blue', 'Blue')]
>>> Colour.values, Colour.labels
(['deep_red', 'blue'], ['Deep red', 'Blue'])
>>> "blue" in Colour, "green" in Colour
(True, False)

The values in `choices` are plain strings, not members, so a migration records them as
literals and never imports this code. Pass `X.choices`, not the class itself, to a field.
"""

from __future__ import annotations

import enum
from typing import Any, Self

__all__ = ["Choices"]


class ChoicesType(enum.EnumType):
    """The class-level view of a vocabulary: its codes, labels and (code, label) pairs."""

    def __new__(
        metacls,
        classname: str,
        bases: tuple[type, ...],
        classdict: Any,
        **kwds: Any,
    ) -> Any:
        cls: Any = super().__new__(metacls, classname, bases, classdict, **kwds)
        for name, member in cls.__members__.items():
            if member._label_ is None:
                member._label_ = name.replace("_", " ").capitalize()
        # Two names for one code would make a stored value ambiguous.
        return enum.unique(cls)

    def __contains__(cls, value: object) -> bool:
        # A stored code is a plain string; asking whether it belongs needs no conversion.
        return any(code == value for code in cls.values)

    @property
    def choices(cls) -> list[tuple[str, str]]:
        members: list[Choices] = list(cls.__members__.values())
        return [(member.value, member.label) for member in members]

    @property
    def labels(cls) -> list[str]:
        return [label for _, label in cls.choices]

    @property
    def values(cls) -> list[str]:
        return [value for value, _ in cls.choices]

    @property
    def names(cls) -> list[str]:
        return list(cls.__members__)


class Choices(enum.StrEnum, metaclass=ChoicesType):
    """A vocabulary of stored codes: declare members as `NAME = "code", "Human label"`."""

    _value_: str
    _label_: str

    # Templates call what they can call; a class of choices must be looked into, not called.
    do_not_call_in_templates = enum.nonmember(True)

    def __new__(cls, value: str, label: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label_ = label  # type: ignore[assignment]  # filled in by the class if None
        return member

    @enum.property
    def label(self) -> str:
        return self._label_
