"""The FHIR interface's HTTP plumbing: who is calling (an API client's bearer token or a
signed-in session), FHIR JSON responses with their version headers, and every refusal as an
OperationOutcome with the right status, never an HTML page."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError
from ninja.utils import check_csrf

from linkwork.accounts.api_auth import api_client_auth, verified_session_auth
from linkwork.accounts.models import User
from linkwork.core.errors import DomainError, NotFoundError
from linkwork.fhir.mapping import systems
from linkwork.fhir.mapping.outcome import operation_outcome
from linkwork.fhir.mapping.validate import FhirInputError

logger = logging.getLogger(__name__)

FhirView = Callable[..., HttpResponse]

# Where intake's and the connection service's field names sit in the FHIR that was sent.
ELEMENTS = {
    "given_name": "Patient.name.given",
    "family_name": "Patient.name.family",
    "date_of_birth": "Patient.birthDate",
    "nhs_number": "Patient.identifier",
    "sex": "Patient.gender",
    "phone": "Patient.telecom",
    "email": "Patient.telecom",
    "postcode": "Patient.address.postalCode",
    "reasons": "ServiceRequest.reasonCode",
    "received_on": "ServiceRequest.authoredOn",
    "practice": "ServiceRequest.requester",
    "source": "ServiceRequest.category",
    "scheme": "ServiceRequest.performer",
    "risk_flags": "QuestionnaireResponse.item",
    "exclusions": "QuestionnaireResponse.item",
    "status": "Task.status",
    "reason": "Task.statusReason",
}


class NotSignedInError(Exception):
    pass


def caller(request: HttpRequest) -> User:
    """The API client's user (bearer token) or the signed-in user; NotSignedInError if
    neither. A session's writes need its CSRF token, as the pages' do."""
    if request.headers.get("Authorization", "").startswith("Bearer "):
        user = api_client_auth(request)
        if user is None:
            raise NotSignedInError
        return user
    user = verified_session_auth.authenticate(request, None)
    if user is None:
        raise NotSignedInError
    if request.method not in {"GET", "HEAD", "OPTIONS"} and check_csrf(request) is not None:
        raise PermissionDenied(
            "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header."
        )
    return user


def fhir_response(
    resource: Mapping[str, Any], *, status: int = 200, location: str = ""
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False),
        status=status,
        content_type=f"{systems.MEDIA_TYPE}; charset=utf-8",
    )
    version = (resource.get("meta") or {}).get("versionId")
    if version:
        response["ETag"] = f'W/"{version}"'
        if resource.get("meta", {}).get("lastUpdated"):
            response["Last-Modified"] = resource["meta"]["lastUpdated"]
    if location:
        response["Location"] = location
    return response


def read_response(request: HttpRequest, resource: Mapping[str, Any]) -> HttpResponse:
    """A read, or 304 Not Modified when the caller already holds this version
    (If-None-Match: its ETag), so a system polling a Task fetches it only once it changes."""
    response = fhir_response(resource)
    held = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    if response.has_header("ETag") and response["ETag"] in held:
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = response["ETag"]
        return not_modified
    return response


def outcome_response(
    status: int,
    message: str,
    *,
    element: str = "",
    problems: Mapping[str, list[str]] | None = None,
) -> HttpResponse:
    return fhir_response(
        operation_outcome(status=status, message=message, element=element, problems=problems),
        status=status,
    )


def _domain_refusal(exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFoundError):
        return outcome_response(404, exc.message)
    problems: dict[str, list[str]] = {}
    for field, messages in exc.field_errors.items():
        problems.setdefault(ELEMENTS.get(field, field), []).extend(messages)
    return outcome_response(422, exc.message, problems=problems)


def fhir_endpoint(*methods: str, signed_in: bool = True) -> Callable[[FhirView], FhirView]:
    """A FHIR view: the methods it answers, the caller signed in (as `request.user`), and
    every refusal as an OperationOutcome."""

    def decorate(view: FhirView) -> FhirView:
        @csrf_exempt  # sessions are checked in `caller`; bearer tokens need no CSRF token
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = outcome_response(
                    405, f"{request.path} answers {', '.join(methods)} only."
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if signed_in:
                    request.user = caller(request)
                return view(request, *args, **kwargs)
            except NotSignedInError:
                response = outcome_response(
                    401, "Sign in, or send an API client's token as Authorization: Bearer."
                )
                response["WWW-Authenticate"] = "Bearer"
                return response
            except RequestDataTooBig:
                return outcome_response(413, "The request body is larger than the server accepts.")
            except HttpError as exc:  # the API client is over its calls a minute
                response = outcome_response(exc.status_code, str(exc))
                # Calls are counted per clock minute: the next one opens within the minute.
                response["Retry-After"] = str(60 - timezone.now().second)
                return response
            except FhirInputError as exc:
                return outcome_response(exc.status, exc.message, element=exc.element)
            except DomainError as exc:
                return _domain_refusal(exc)
            except PermissionDenied as exc:
                return outcome_response(403, str(exc) or "You may not do this.")
            except Http404 as exc:
                return outcome_response(404, str(exc) or "No such resource.")
            except Exception:
                logger.exception("FHIR request failed: %s %s", request.method, request.path)
                return outcome_response(
                    500, "Something went wrong on our side; the request was not completed."
                )

        return wrapped

    return decorate


def body_of(request: HttpRequest) -> bytes:
    """The request body, once its Content-Type says it is JSON."""
    kind = (request.content_type or "").lower()
    if kind not in {systems.MEDIA_TYPE, "application/json", "application/json-patch+json"}:
        raise FhirInputError(
            f"Send the body as {systems.MEDIA_TYPE}, not {kind or 'untyped data'}.", status=415
        )
    return request.body


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir/")


def if_match(request: HttpRequest) -> str | None:
    """The version an update is conditional on (If-Match: W/"<versionId>"), if any."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        return None
    return raw.removeprefix("W/").strip('"')
