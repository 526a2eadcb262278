"""`linkwork fhir poll-tasks`: the reference client, over real HTTP, plays a provider."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.episodes.models import Connection
from linkwork.fhir.tests.conftest import Parties, connect


def _poll(live_server: object, token: str, *flags: str) -> str:
    out = StringIO()
    call_command(
        "fhir", "poll-tasks", "--base", f"{live_server}/fhir/", "--token", token, *flags, stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_client_lists_accepts_and_completes_over_http(
    parties: Parties, live_server: object
) -> None:
    connection = connect(parties, shared=["name"])
    token = parties.provider_token
    listed = _poll(live_server, token)
    assert str(connection.pk) in listed
    assert "Ada Lovelace" in listed
    assert "accepted" in _poll(live_server, token, "--accept")
    assert _poll(live_server, token, "--accept").startswith("No Tasks requested")
    assert "completed" in _poll(live_server, token, "--complete")
    assert Connection.objects.get(pk=connection.pk).status == "completed"
    with pytest.raises(CommandError, match="401"):
        _poll(live_server, "lw_wrong-token")
