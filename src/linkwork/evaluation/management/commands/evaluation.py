"""`linkwork evaluation simulate --replications N --seed S`: the simulation study of the
evaluation's intervals (see linkwork.evaluation.simulation)."""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.evaluation.simulation.study import run_study
from linkwork.evaluation.simulation.table import render
from linkwork.evaluation.simulation.world import World

MIN_REPLICATIONS = 2


class Command(BaseCommand):
    help = "Evaluation tools: the simulation study of the report's confidence intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sim = sub.add_parser(
            "simulate",
            help="Replicate a simulated world and report the coverage, bias and standard "
            "error ratio of every estimate the report publishes.",
        )
        sim.add_argument("--replications", type=int, default=200)
        sim.add_argument("--seed", type=int, default=1)
        sim.add_argument(
            "--workers", type=int, default=1, help="Processes sharing the replications."
        )
        sim.add_argument(
            "--schemes-per-model",
            type=int,
            default=World.schemes_per_model,
            help="Schemes of each of the four delivery models (default 3).",
        )
        sim.add_argument(
            "--skip-missing-not-at-random",
            action="store_true",
            help="Only the world where follow-ups are missing at random.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        replications, workers = options["replications"], options["workers"]
        if replications < MIN_REPLICATIONS:
            raise CommandError(
                f"--replications must be at least {MIN_REPLICATIONS}, got {replications}."
            )
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, got {workers}.")
        if options["schemes_per_model"] < 2:
            raise CommandError(
                "--schemes-per-model must be at least 2: the multilevel model needs two "
                f"schemes of each delivery model, got {options['schemes_per_model']}."
            )
        world = World(schemes_per_model=options["schemes_per_model"])
        started = time.monotonic()
        result = run_study(
            world,
            replications=replications,
            seed=options["seed"],
            workers=workers,
            progress=_progress(replications, "missing at random"),
        )
        self.stdout.write(
            render(
                result,
                title="Follow-ups missing at random (the estimators' assumptions hold)",
            )
        )
        if not options["skip_missing_not_at_random"]:
            # Descriptive estimates only: the multilevel fits are the slow part, and the point
            # here is the bias the attrition check has to flag.
            biased = run_study(
                world.with_missing_not_at_random(),
                replications=replications,
                seed=options["seed"],
                multilevel=False,
                workers=workers,
                progress=_progress(replications, "missing not at random"),
            )
            self.stdout.write("")
            self.stdout.write(
                render(
                    biased,
                    title="Follow-ups missing more often for people doing worse (not at "
                    "random), against the mean of those followed up",
                )
            )
        # Processor time counts this process and its finished workers, so the figure says
        # how long the study takes on an idle machine whatever else is running.
        cpu = sum(
            usage.ru_utime + usage.ru_stime
            for usage in (
                resource.getrusage(resource.RUSAGE_SELF),
                resource.getrusage(resource.RUSAGE_CHILDREN),
            )
        )
        self.stdout.write(
            f"\nSeed {options['seed']}; {time.monotonic() - started:.0f} seconds with "
            f"{workers} worker(s), {cpu:.0f} seconds of processor time."
        )


def _progress(total: int, label: str) -> Any:
    def report(done: int) -> None:
        sys.stderr.write(f"\r{label}: {done}/{total} replications")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report
