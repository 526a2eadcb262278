"""Keys the disclosure step writes into a report and the pages read back. Kept apart from
the disclosure rules so that showing a finished report never loads the statistics stack."""

from __future__ import annotations

__all__ = ["HIDDEN_KEY"]

# Where a holder lists the figures withheld from it.
HIDDEN_KEY = "hidden"
