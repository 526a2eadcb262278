"""OperationOutcome: how every refusal is said, naming the element at fault."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork.fhir.mapping.validate import validated

# HTTP status -> the OperationOutcome issue code that says the same.
_ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    412: "conflict",
    415: "not-supported",
    422: "business-rule",
    429: "throttled",
    500: "exception",
}


def operation_outcome(
    *,
    status: int,
    message: str,
    element: str = "",
    problems: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """One issue saying what was refused; then one for each element at fault, if named."""
    code = _ISSUE_CODES.get(status, "processing")
    issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": message}
    if element:
        issue["expression"] = [element]
    issues = [issue]
    for where, messages in (problems or {}).items():
        for text in messages:
            issues.append(
                {"severity": "error", "code": code, "diagnostics": text, "expression": [where]}
            )
    return validated({"resourceType": "OperationOutcome", "issue": issues})
