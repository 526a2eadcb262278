"""Messaging's tests send messaging's own documents of a summary (the PDF and the coded
events): what apps above add through `extra_documents` is tested by those apps."""

from __future__ import annotations

import pytest

from linkwork.messaging.documents import extra_documents


@pytest.fixture(autouse=True)
def _only_messagings_own_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extra_documents, "_providers", [])
