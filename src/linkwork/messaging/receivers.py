"""An end-of-episode summary, once written (at discharge, or as an amendment), goes to the
practice by MESH: the episode of support below knows nothing of MESH, so this app listens for
the new summary and queues the send once the discharge has committed."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from linkwork.episodes.models import EpisodeSummary
from linkwork.messaging.jobs import summary_enqueue
from linkwork.messaging.mesh_transport import mesh_enabled


def _summary_written(sender: Any, instance: EpisodeSummary, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw") and mesh_enabled():
        summary_enqueue(instance.pk)


def connect() -> None:
    post_save.connect(
        _summary_written, sender=EpisodeSummary, dispatch_uid="messaging.summary_to_practice"
    )
