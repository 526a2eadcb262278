"""The home page's subtitle for link work: the caseload in a sentence. Pure."""

from __future__ import annotations


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def caseload_lead(
    *, active: int, waiting: int, triage: int, sessions_today: int, managed: bool
) -> str:
    """Who the user is supporting now and what today holds, e.g. "12 people on your caseload
    (9 active, 3 waiting for a first session). 2 sessions today; 1 referral to triage."""
    people = active + waiting
    whose = "supported by your scheme now" if managed else "on your caseload"
    if people:
        parts = [f"{active} active"] if active else []
        if waiting:
            parts.append(f"{waiting} waiting for a first session")
        opening = f"{_count(people, 'person', 'people')} {whose} ({', '.join(parts)})."
    elif managed:
        opening = "Nobody supported by your scheme now."
    else:
        opening = "Nobody on your caseload yet."
    today = [
        f"{_count(sessions_today, 'session', 'sessions')} today"
        if sessions_today
        else "No sessions recorded today"
    ]
    if triage:
        today.append(_count(triage, "referral", "referrals") + " to triage")
    return f"{opening} {'; '.join(today)}."
