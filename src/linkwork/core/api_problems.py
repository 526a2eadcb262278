"""Problem details (RFC 9457) for the JSON API: the one error body, its schema, and which
statuses every operation documents with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja import Schema

if TYPE_CHECKING:
    from ninja import NinjaAPI

# Every operation may answer these: a refused request, not signed in, not allowed (or the
# CSRF check failed), no such record, fields not valid, and our own failure.
COMMON_STATUSES = (400, 401, 403, 404, 422, 500)
# Operations that take a body may also refuse it: too large, or not JSON.
BODY_STATUSES = (413, 415)


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


def is_json(content_type: str) -> bool:
    """application/json or a +json type (application/problem+json, ...)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def document_problems(api: NinjaAPI, problem: type[Schema]) -> None:
    """Add the problem responses to every operation's documented responses. Ninja validates
    only what views return, so this changes the OpenAPI document, not the answers."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                statuses = list(COMMON_STATUSES)
                if set(operation.methods) & {"POST", "PUT", "PATCH"}:
                    statuses += BODY_STATUSES
                for status in statuses:
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(
                            problem
                        )
