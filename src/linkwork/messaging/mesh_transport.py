"""The MESH connection, from settings: our mailbox, its credentials and TLS, and the mailbox
of each practice (by the practice's ODS code)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from mesh_client import MeshClient

from linkwork.organisations.models import Organisation


def mesh_enabled() -> bool:
    return bool(getattr(settings, "LINKWORK_MESH_URL", ""))


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _verify() -> bool | str | None:
    raw = settings.LINKWORK_MESH_VERIFY.strip()
    if raw.lower() == "false":
        # Not checking MESH's certificate would let anyone on the way read the summaries.
        if urlsplit(settings.LINKWORK_MESH_URL).hostname not in _LOOPBACK:
            raise ImproperlyConfigured(
                "LINKWORK_MESH_VERIFY=false is only for a MESH sandbox on this machine; "
                "for any other MESH give the CA bundle's path, or leave it empty."
            )
        return False
    return raw or None


def mesh_client() -> MeshClient:
    """A client for our own mailbox. The caller closes it (use it in a `with` block)."""
    cert = settings.LINKWORK_MESH_CERT
    return MeshClient(
        settings.LINKWORK_MESH_URL,
        settings.LINKWORK_MESH_MAILBOX,
        settings.LINKWORK_MESH_PASSWORD,
        shared_key=settings.LINKWORK_MESH_SHARED_KEY.encode() or None,
        cert=(cert, settings.LINKWORK_MESH_KEY) if cert else None,
        verify=_verify(),
        # Our own job queue retries a failed send with backoff; the client should not block
        # a worker on its own retries as well.
        max_retries=0,
        timeout=60,
        application_name="linkwork",
    )


def practice_mailbox(practice: Organisation) -> tuple[str, str]:
    """The practice's MESH mailbox id, or "" and why there is none."""
    code = (practice.code or "").strip().upper()
    if not code:
        return "", (
            f"{practice.name} has no ODS code on record, so its MESH mailbox cannot be found. "
            "Add the code to the practice, and its mailbox to LINKWORK_MESH_MAILBOXES."
        )
    mailboxes = {k.strip().upper(): v.strip() for k, v in settings.LINKWORK_MESH_MAILBOXES.items()}
    mailbox = mailboxes.get(code, "")
    if not mailbox:
        return "", (
            f"No MESH mailbox is configured for {practice.name} (ODS code {code}): add "
            f"{code}=<mailbox id> to LINKWORK_MESH_MAILBOXES."
        )
    return mailbox.upper(), ""
