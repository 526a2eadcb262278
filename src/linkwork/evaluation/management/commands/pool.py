"""`linkwork pool PACKAGE... --out DIR`: one national package from many sources' packages."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkwork.evaluation.dataset.pool import PoolError, pool, pooled_write, source_read


class Command(BaseCommand):
    help = (
        "Pool Common Social Prescribing Dataset packages (other installations' exports, "
        "harmonised imports) into one package, with each row's provenance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("packages", nargs="+", type=Path, metavar="PACKAGE")
        parser.add_argument("--out", required=True, type=Path, help="A new or empty folder.")
        parser.add_argument("--parquet", action="store_true", help="Also write Parquet files.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise CommandError(f"{out} must be a new or empty folder.")
        paths: list[Path] = options["packages"]
        if len({path.resolve() for path in paths}) < len(paths):
            raise CommandError("A package is named twice; name each package once.")
        names = [path.resolve().name for path in paths]
        labels = names if len(set(names)) == len(names) else [str(p) for p in paths]
        try:
            sources = [
                source_read(path, label=label) for path, label in zip(paths, labels, strict=True)
            ]
            pooled = pool(sources)
        except PoolError as exc:
            raise CommandError(str(exc)) from exc
        # Built aside and moved into place whole, so a failure leaves no half package.
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".pool-") as building:
            target = Path(building) / "package"
            pooled_write(pooled, sources, target, parquet=options["parquet"])
            if out.exists():
                out.rmdir()
            shutil.move(str(target), str(out))
        self.stdout.write(f"Pooled {len(sources)} package(s) into {out}")
        for name, frame in pooled.tables.items():
            repeated = pooled.repeated.get(name, 0)
            extra = f" ({repeated} held by more than one source)" if repeated else ""
            self.stdout.write(f"  {name:<18} {frame.height:>9} rows{extra}")
        for joined in pooled.practices_joined[:10]:
            self.stdout.write(f"  one practice: {joined}")
        if len(pooled.practices_joined) > 10:
            self.stdout.write(f"  ... and {len(pooled.practices_joined) - 10} more practices")
        for line in pooled.linkage.lines():
            self.stdout.write(f"  {line}")
