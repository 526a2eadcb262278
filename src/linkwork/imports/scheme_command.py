"""`linkwork import scheme`: the dry run or the import into a live scheme, from the command
line. Parses nothing itself (the command does) and prints the report."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from linkwork.accounts.models import User
from linkwork.core.errors import DomainError
from linkwork.imports.harmonise.profile import load_profile
from linkwork.imports.models import ImportRun
from linkwork.imports.permissions import can_import
from linkwork.imports.reversal import import_run_reverse
from linkwork.imports.services import import_run_create, import_run_execute, scheme_check
from linkwork.organisations.models import Scheme


def _scheme(slug: str) -> Scheme:
    scheme = Scheme.objects.filter(slug=slug).first()
    if scheme is None:
        raise CommandError(f"No scheme with the slug {slug!r}; `linkwork schemes` lists them.")
    return scheme


def _user(username: str | None, scheme: Scheme) -> User:
    if not username:
        raise CommandError(
            "Say who is importing with --as USERNAME (one of the scheme's managers)."
        )
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user called {username!r}.")
    if not can_import(user=user, scheme=scheme):
        raise CommandError(f"{username} is not a scheme manager of {scheme.name}.")
    return user


def scheme_command(command: BaseCommand, options: dict[str, Any]) -> None:
    out = command.stdout
    scheme = _scheme(options["scheme"])
    profile = load_profile(options["profile"])
    paths = options["files"]
    if options["dry_run"]:
        check = scheme_check(scheme=scheme, profile=profile, paths=paths)
        for note in check.notes:
            out.write(note)
        for line in check.report.lines():
            out.write(line)
        if check.report:
            raise CommandError(
                f"{len(check.report.problems)} problem(s) in {check.rows_read()} "
                "row(s); nothing was written."
            )
        out.write(
            f"No problems in {check.rows_read()} row(s): "
            f"{check.record_count()} record(s) ready for {scheme.name}."
        )
        return
    if options["chunk_size"] < 1:
        raise CommandError("--chunk-size must be at least 1.")
    user = _user(options["as_user"], scheme)
    run = import_run_create(
        scheme=scheme,
        actor=user,
        profile=profile,
        paths=paths,
        skip_invalid=options["skip_invalid"],
    )
    out.write(f"Import {run.pk} started.")
    run = import_run_execute(
        run=run,
        profile=profile,
        paths=paths,
        rejects_path=options["rejects"],
        chunk_records=options["chunk_size"],
    )
    out.write(
        f"Imported into {scheme.name}: {run.created} created, {run.updated} updated, "
        f"{run.skipped} unchanged or matched, {run.rejected} row(s) rejected."
    )
    for kind, counts in sorted(run.counts.items()):
        parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
        out.write(f"  {kind:<15} {parts}")
    for note in run.notes:
        if note.get("kind") == "possible_duplicate":
            out.write(
                f"Possible duplicate: source person {note['source_id']} has the name and date "
                f"of birth of existing person {note['existing_id']}; created as a new record, "
                "not merged. Check it and merge on the person's page."
            )


def reverse_command(command: BaseCommand, options: dict[str, Any]) -> None:
    run_id = _uuid(options["run"])
    run = ImportRun.objects.select_related("scheme").filter(pk=run_id).first() if run_id else None
    if run is None:
        raise CommandError(f"No import {options['run']!r}.")
    user = _user(options["as_user"], run.scheme)
    try:
        removed = import_run_reverse(run=run, actor=user)
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    parts = ", ".join(f"{n} {kind.replace('_', ' ')}(s)" for kind, n in removed.items() if n)
    command.stdout.write(f"Reversed: removed {parts or 'nothing'}.")


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
