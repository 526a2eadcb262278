"""Every resource linkwork sends or accepts is checked against the FHIR R4 models.

`fhir.resources` 8 ships R5 as its default package and FHIR 4.3 (R4B) as `fhir.resources.R4B`;
there is no 4.0.1 package. R4B is the closest: it changed no element of the resources used here
(Patient, Organization, Practitioner(Role), ServiceRequest, Task, QuestionnaireResponse,
Composition, Observation, Procedure, Bundle, CapabilityStatement, OperationOutcome) from R4."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

FHIR_VERSION = "4.0.1"


class FhirInputError(Exception):
    """A request that is not the FHIR it should be: `element` names where (a FHIRPath such as
    `Task.statusReason`), `message` says what is wrong and what to send instead."""

    def __init__(self, message: str, *, element: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.element = element
        self.status = status


def _path(resource_type: str, loc: tuple[int | str, ...]) -> str:
    path = resource_type
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validated(resource: Mapping[str, Any], expected: str | None = None) -> dict[str, Any]:
    """The resource as FHIR R4 JSON, or FhirInputError naming the first element at fault."""
    if not isinstance(resource, Mapping):
        raise FhirInputError("Send a FHIR resource: a JSON object with a resourceType.")
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind:
        raise FhirInputError("Say what the resource is in resourceType.", element="resourceType")
    if expected is not None and kind != expected:
        raise FhirInputError(
            f"Send a {expected} resource here, not a {kind}.", element=f"{kind}.resourceType"
        )
    try:
        model = get_fhir_model_class(kind)
    except KeyError:
        raise FhirInputError(
            f"{kind} is not a FHIR R4 resource type.", element="resourceType"
        ) from None
    try:
        _check_inner_types(resource, kind)
        instance = model.model_validate(dict(resource))
    except RecursionError:
        raise FhirInputError(f"The {kind} is nested too deeply to be FHIR.") from None
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise _named(kind, exc) from None
        # The models fail this way on a few shapes they do not expect; still the sender's.
        raise FhirInputError(f"The {kind} is not valid FHIR R4 JSON.", element=kind) from None
    out: dict[str, Any] = json.loads(instance.model_dump_json(exclude_none=True))
    return out


def _named(kind: str, exc: ValidationError) -> FhirInputError:
    error = exc.errors()[0]
    element = _path(kind, tuple(error.get("loc", ())))
    return FhirInputError(f"{element}: {error.get('msg', 'not valid')}.", element=element)


def _check_inner_types(value: object, path: str) -> None:
    """Every resource inside (contained, bundle entries) says what it is, by a known name:
    the models cannot read one that does not."""
    children: list[tuple[str, object]] = []
    if isinstance(value, Mapping):
        children = [(f"{path}.{key}", inner) for key, inner in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}[{index}]", inner) for index, inner in enumerate(value)]
    for where, inner in children:
        if isinstance(inner, Mapping) and "resourceType" in inner:
            kind = inner["resourceType"]
            if not isinstance(kind, str) or not _known(kind):
                raise FhirInputError(
                    f"{where}.resourceType: not a FHIR R4 resource type.",
                    element=f"{where}.resourceType",
                )
        _check_inner_types(inner, where)


def _known(kind: str) -> bool:
    try:
        get_fhir_model_class(kind)
    except KeyError:
        return False
    return True


def parse_json_value(body: bytes, what: str = "The request body") -> Any:
    """Any JSON value, or FhirInputError saying why the body is not JSON."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise FhirInputError(f"{what} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise FhirInputError(
            f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    except RecursionError:
        raise FhirInputError(f"{what} is nested too deeply to be FHIR.") from None


def parse_json(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or FhirInputError saying why it is not one."""
    data = parse_json_value(body)
    if not isinstance(data, dict):
        raise FhirInputError("Send a FHIR resource: a JSON object with a resourceType.")
    return data
