"""`linkwork apiclients add|list|revoke`: register the systems that call the JSON API for an
organisation. A new client's token is printed once and never again."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.accounts.api_clients import api_client_register, api_client_revoke
from linkwork.accounts.models import ApiClient
from linkwork.accounts.roles import Role
from linkwork.core.errors import DomainError
from linkwork.organisations.models import Organisation, Scheme


class Command(BaseCommand):
    help = "Register, list or revoke API clients (other systems calling /api/v1 with a token)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Register a client and print its token once.")
        add.add_argument("name")
        add.add_argument(
            "--organisation", required=True, help="The organisation's code (ODS), or its id."
        )
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--scheme", help="The scheme's slug, for link worker or manager roles.")
        add.add_argument("--rate-limit", type=int, default=120, help="Calls a minute.")
        sub.add_parser("list", help="Every client, live or revoked.")
        revoke = sub.add_parser("revoke", help="Stop a client's token working.")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for client in ApiClient.objects.select_related("user"):
                state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "live"
                membership = client.user.memberships.select_related("organisation").first()
                acts = (
                    f"{membership.get_role_display()} at {membership.organisation}"
                    if membership
                    else "no role"
                )
                self.stdout.write(f"{client.name}  {client.token_prefix}...  {acts}  {state}")
            return
        if options["action"] == "revoke":
            found = ApiClient.objects.filter(name=options["name"]).first()
            if found is None:
                raise CommandError(f"No API client is called {options['name']!r}.")
            api_client_revoke(client=found)
            self.stdout.write(f"Revoked {found.name}; its token no longer works.")
            return
        given = options["organisation"].strip()
        organisation = Organisation.objects.filter(code=given).first() if given else None
        if organisation is None:
            try:
                organisation = Organisation.objects.filter(pk=uuid.UUID(given)).first()
            except ValueError:
                organisation = None
        if organisation is None:
            raise CommandError(f"No organisation has the code or id {given!r}.")
        scheme = None
        if options["scheme"]:
            scheme = Scheme.objects.filter(slug=options["scheme"]).first()
            if scheme is None:
                raise CommandError(f"No scheme has the slug {options['scheme']!r}.")
        try:
            client, token = api_client_register(
                name=options["name"],
                organisation_id=organisation.pk,
                role=options["role"],
                scheme_id=scheme.pk if scheme else None,
                rate_limit_per_minute=options["rate_limit"],
            )
        except DomainError as exc:
            problems = "; ".join(m for ms in (exc.field_errors or {}).values() for m in ms)
            raise CommandError(f"{exc.message} {problems}".strip()) from exc
        self.stdout.write(f"Registered {client.name}. Its token (shown only now):\n{token}")
