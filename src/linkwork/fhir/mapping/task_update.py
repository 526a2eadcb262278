"""A provider's update to a connection Task (PUT of the whole Task, or a JSON Patch of it),
read into the status, reason and outcome the connection service records."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.validate import FhirInputError, validated

TASK_STATUSES = frozenset(
    {
        "draft",
        "requested",
        "received",
        "accepted",
        "rejected",
        "ready",
        "cancelled",
        "in-progress",
        "on-hold",
        "failed",
        "completed",
        "entered-in-error",
    }
)


@dataclass(frozen=True, slots=True)
class TaskUpdate:
    status: str
    reason: str
    attended: bool


def task_update(task_id: str, body: Mapping[str, Any]) -> TaskUpdate:
    """Only status, statusReason and output are the provider's to change; the rest of the
    Task is linkwork's and is read from the record, whatever is sent."""
    task = validated(body, "Task")
    if task.get("id") != task_id:
        raise FhirInputError(
            f"Task.id must be the id in the address ({task_id}).", element="Task.id"
        )
    status = task["status"]
    if status not in TASK_STATUSES:
        raise FhirInputError(f"{status!r} is not a FHIR Task status.", element="Task.status")
    reason = task.get("statusReason") or {}
    text = str(reason.get("text") or "")
    if not text:
        text = next((str(c.get("display") or c.get("code")) for c in reason.get("coding", [])), "")
    attended = any(
        coding.get("system") == systems.CONNECTION_OUTCOME and coding.get("code") == "attended"
        for output in task.get("output", [])
        for coding in (output.get("valueCodeableConcept") or {}).get("coding", [])
    )
    return TaskUpdate(status=status, reason=text, attended=attended)


def _pointer(path: object, index: int) -> list[str]:
    if not isinstance(path, str) or not path.startswith("/"):
        raise FhirInputError(
            "Each operation's path is a JSON Pointer such as /status.",
            element=f"Patch[{index}].path",
        )
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def apply_json_patch(document: Mapping[str, Any], operations: object) -> dict[str, Any]:
    """RFC 6902's add, replace, remove and test, enough to change a Task's status."""
    if not isinstance(operations, list):
        raise FhirInputError("A JSON Patch is a list of operations.", element="Patch")
    result: dict[str, Any] = copy.deepcopy(dict(document))
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise FhirInputError("Each operation is an object.", element=f"Patch[{index}]")
        op = operation.get("op")
        parts = _pointer(operation.get("path"), index)
        parent: Any = result
        for part in parts[:-1]:
            try:
                parent = parent[int(part)] if isinstance(parent, list) else parent[part]
            except (KeyError, IndexError, ValueError, TypeError):
                raise FhirInputError(
                    f"Nothing at {operation['path']}.", element=f"Patch[{index}].path"
                ) from None
        last = parts[-1]
        if op in {"add", "replace"} and "value" not in operation:
            raise FhirInputError("Give the operation's value.", element=f"Patch[{index}].value")
        if isinstance(parent, list):
            position = len(parent) if last == "-" else _index(last, index)
            if op == "add":
                parent.insert(position, operation["value"])
            elif op == "replace":
                parent[position] = operation["value"]
            elif op == "remove":
                parent.pop(position)
            else:
                _unsupported(op, index)
            continue
        if not isinstance(parent, dict):
            raise FhirInputError(f"Nothing at {operation['path']}.", element=f"Patch[{index}].path")
        if op in {"add", "replace"}:
            parent[last] = operation["value"]
        elif op == "remove":
            parent.pop(last, None)
        elif op == "test":
            if parent.get(last) != operation.get("value"):
                raise FhirInputError(
                    f"The test on {operation['path']} failed: the Task has changed.",
                    element=f"Patch[{index}]",
                    status=409,
                )
        else:
            _unsupported(op, index)
    return result


def _index(part: str, index: int) -> int:
    try:
        return int(part)
    except ValueError:
        raise FhirInputError(
            "A list is indexed by number.", element=f"Patch[{index}].path"
        ) from None


def _unsupported(op: object, index: int) -> None:
    raise FhirInputError(
        f"Unsupported operation {op!r}: use add, replace, remove or test.",
        element=f"Patch[{index}].op",
    )
