from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from linkwork.core.models import Submission

pytestmark = pytest.mark.django_db


def test_old_claims_are_pruned_and_recent_ones_kept() -> None:
    old = Submission.objects.create(key="u:/form:old-key-0001")
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = Submission.objects.create(key="u:/form:new-key-0001")
    call_command("submissions", "prune")
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    call_command("submissions", "prune", "--days", "1")
    assert Submission.objects.count() == 1  # created just now: still inside a day
