"""Problem details (RFC 9457) for the JSON API: the one error body, its schema, and which
statuses every operation documents with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ninja import Schema

from linkwork.core.submissions import HEADER, KEY_CHARACTERS, KEY_RULE

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.operation import Operation

# Every operation may answer these: a refused request, not signed in, not allowed (or the
# CSRF check failed), no such record, fields not valid, and our own failure.
COMMON_STATUSES = (400, 401, 403, 404, 422, 500)
# Operations that take a body may also refuse it: too large, or not JSON.
BODY_STATUSES = (413, 415)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
# A write with no body (a DELETE) still runs once per Idempotency-Key.
KEYED_METHODS = WRITE_METHODS | {"DELETE"}

# Every write takes an optional Idempotency-Key; one that breaks the rule is a 400
# (idempotency_key_invalid), already among the common statuses.
IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Send the same key again to get the first answer instead of doing the write twice. "
        "Keys are scoped to the caller and the operation. " + KEY_RULE + " A key that breaks "
        "this rule is refused with a 400 whose code is idempotency_key_invalid."
    ),
    "schema": {
        "type": "string",
        "pattern": f'^(?:{KEY_CHARACTERS}|"{KEY_CHARACTERS}")$',
    },
}


class Problem(Schema):
    """Why a request failed. `errors` names each bad field (by its path in the request)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: dict[str, list[str]]


class UnsupportedMediaTypeError(Exception):
    def __init__(self, content_type: str) -> None:
        super().__init__(content_type)
        self.content_type = content_type


class NullCharacterError(Exception):
    """A JSON body whose text holds a null character, which no text column can store: the
    fields (by their path in the request) that hold one."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def null_character_fields(data: Any, path: str = "") -> list[str]:
    """The paths (person.given_name, attendees.0) of the strings in `data` holding a null
    character; a key holding one is named by its own path."""
    if isinstance(data, str):
        return [path or "request"] if "\x00" in data else []
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            inner = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                found.append(inner)
            else:
                found += null_character_fields(value, inner)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += null_character_fields(value, f"{path}.{index}" if path else str(index))
    return found


def is_json(content_type: str) -> bool:
    """application/json or a +json type (application/problem+json, ...)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def document_problems(api: NinjaAPI, problem: type[Schema]) -> None:
    """Add the problem responses to every operation's documented responses, and the
    Idempotency-Key header to every write. Ninja validates only what views return, so this
    changes the OpenAPI document, not the answers."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                statuses = list(COMMON_STATUSES)
                if set(operation.methods) & WRITE_METHODS:
                    statuses += BODY_STATUSES
                if set(operation.methods) & KEYED_METHODS:
                    _document_idempotency_key(operation)
                for status in statuses:
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(
                            problem
                        )


def _document_idempotency_key(operation: Operation) -> None:
    """Ninja adds `openapi_extra` parameters to those it derives from the signature."""
    extra = operation.openapi_extra if operation.openapi_extra is not None else {}
    parameters = extra.setdefault("parameters", [])
    if not any(p.get("in") == "header" and p.get("name") == HEADER for p in parameters):
        parameters.append(dict(IDEMPOTENCY_KEY_PARAMETER))
    operation.openapi_extra = extra
