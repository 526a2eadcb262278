"""The link worker is offered only the statuses a connection can move to."""

from __future__ import annotations

from linkwork.episodes.connection_rules import link_worker_updates


def test_a_requested_connection_offers_its_next_steps_only() -> None:
    codes = [code for code, _ in link_worker_updates("requested")]
    assert codes[0] == "requested" or "requested" in codes
    assert "completed" not in codes  # not before it was accepted or started
    assert {"accepted", "rejected", "cancelled"} <= set(codes)


def test_a_finished_connection_offers_nothing_new() -> None:
    assert [code for code, _ in link_worker_updates("completed")] == ["completed"]
