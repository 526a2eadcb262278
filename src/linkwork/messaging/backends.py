"""Where messages to people go: GOV.UK Notify, or a folder of JSON files (one a message) for
the demo, development and tests. The settings choose (`backend_from_settings`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import requests
from django.conf import settings
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError, HTTP503Error


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message as a provider needs it. `reference` is our message's id, so a provider's
    record can be traced back to ours."""

    reference: str
    channel: str
    to: str
    purpose: str
    template_id: str
    personalisation: dict[str, Any] = field(default_factory=dict)


class DeliveryError(Exception):
    """The provider would not take the message. `permanent`: trying again will not help
    (a refused address, a bad template); otherwise it may go through later."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


# Notify's failure states, in words (docs.notifications.service.gov.uk, "Status").
NOTIFY_FAILURES = {
    "permanent-failure": "The provider could not deliver it: the address or number is wrong "
    "or no longer in use. Check the person's contact details.",
    "temporary-failure": "The provider could not deliver it (an inbox full, a phone off for "
    "days). Try again later.",
    "technical-failure": "GOV.UK Notify had a technical failure and did not send it.",
    "validation-failed": "GOV.UK Notify could not send the letter as it was laid out.",
}


class NotificationBackend(Protocol):
    name: str

    def send(self, message: Outgoing) -> str:
        """Hand the message over; answers the provider's id for it, or raises DeliveryError."""
        ...


class FileOutbox:
    """Writes each message as <reference>.json in a folder. Nothing is sent on: it is for the
    demo, development and tests, and shows exactly what would have gone."""

    name = "outbox"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: Outgoing) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.reference}.json"
        path.write_text(json.dumps(asdict(message), indent=2, ensure_ascii=False), "utf-8")
        return path.name


class GovukNotify:
    """GOV.UK Notify, through its Python client."""

    name = "notify"

    def __init__(self, api_key: str, base_url: str) -> None:
        self.client = NotificationsAPIClient(api_key, base_url=base_url)

    def send(self, message: Outgoing) -> str:
        try:
            answer = self._post(message)
        except HTTP503Error as exc:
            raise DeliveryError(f"GOV.UK Notify is unavailable: {exc}", permanent=False) from exc
        except APIError as exc:
            status = getattr(exc, "status_code", 0) or 0
            # 429 (rate limit) and 5xx pass; 4xx is a refusal of this message.
            permanent = 400 <= status < 500 and status != 429
            raise DeliveryError(f"GOV.UK Notify refused it: {exc}", permanent=permanent) from exc
        except requests.RequestException as exc:
            raise DeliveryError(f"GOV.UK Notify did not answer: {exc}", permanent=False) from exc
        return str(answer.get("id", ""))

    def delivery_state(self, provider_id: str) -> tuple[str, str]:
        """Where Notify says the message got to: "delivered", "failed" (with why), or "sent"
        while it is still on its way (or Notify cannot say just now)."""
        try:
            answer = self.client.get_notification_by_id(provider_id)
        except (APIError, requests.RequestException):
            return "sent", ""
        status = str(answer.get("status", ""))
        if status in {"delivered", "received"}:
            return "delivered", ""
        if status.endswith("failure") or status == "validation-failed":
            return "failed", NOTIFY_FAILURES.get(status, f"GOV.UK Notify reported {status}.")
        return "sent", ""

    def _post(self, message: Outgoing) -> dict[str, Any]:
        values = dict(message.personalisation)
        if message.channel == "letter":
            lines = message.to.splitlines()[:7]
            values.update({f"address_line_{n}": line for n, line in enumerate(lines, start=1)})
            return self.client.send_letter_notification(
                template_id=message.template_id, personalisation=values, reference=message.reference
            )
        senders: dict[str, tuple[Callable[..., dict[str, Any]], str]] = {
            "email": (self.client.send_email_notification, "email_address"),
            "sms": (self.client.send_sms_notification, "phone_number"),
        }
        send, recipient = senders[message.channel]
        return send(
            **{recipient: message.to},
            template_id=message.template_id,
            personalisation=values,
            reference=message.reference,
        )


def backend_from_settings() -> NotificationBackend:
    key = getattr(settings, "LINKWORK_NOTIFY_API_KEY", "")
    if key:
        return GovukNotify(key, settings.LINKWORK_NOTIFY_BASE_URL)
    return FileOutbox(Path(settings.LINKWORK_OUTBOX_DIR))


def template_id(*, purpose: str, channel: str) -> str:
    """The Notify template for this purpose and channel; "" when none is configured."""
    templates = getattr(settings, "LINKWORK_NOTIFY_TEMPLATES", {}) or {}
    return str((templates.get(purpose) or {}).get(channel, ""))
