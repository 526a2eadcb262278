"""A small reference client for a provider's system: find its requested Tasks, accept them,
mark them completed. Standard library only, so a VCSE can copy it as a starting point."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linkwork.fhir.mapping import systems


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: dict[str, Any]


# (method, url, headers, body) -> the reply; replaced in tests.
Send = Callable[[str, str, dict[str, str], bytes | None], Reply]


def urllib_send(method: str, url: str, headers: dict[str, str], body: bytes | None) -> Reply:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return Reply(response.status, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as error:
        return Reply(error.code, json.loads(error.read() or b"{}"))


class TaskClient:
    def __init__(self, *, base: str, token: str, send: Send = urllib_send) -> None:
        self.base = base.rstrip("/") + "/"
        self.headers = {"Authorization": f"Bearer {token}", "Accept": systems.MEDIA_TYPE}
        self.send = send

    def _call(
        self, method: str, path: str, body: object = None, kind: str = "", **extra: str
    ) -> Reply:
        headers = {**self.headers, **extra}
        data = None
        if body is not None:
            headers["Content-Type"] = kind or systems.MEDIA_TYPE
            data = json.dumps(body).encode()
        return self.send(method, self.base + path, headers, data)

    def tasks(self, *, statuses: list[str], owner: str = "") -> list[dict[str, Any]]:
        query = {"status": ",".join(statuses)}
        if owner:
            query["owner"] = owner
        url = self.base + "Task?" + urllib.parse.urlencode(query)
        found: list[dict[str, Any]] = []
        while url:  # every page, following the server's next links
            reply = self.send("GET", url, dict(self.headers), None)
            if reply.status != 200:
                raise TaskClientError(reply)
            found += [entry["resource"] for entry in reply.body.get("entry", [])]
            links = {link["relation"]: link["url"] for link in reply.body.get("link", [])}
            url = links.get("next", "")
        return found

    def accept(self, task: dict[str, Any]) -> Reply:
        """PUT the Task back as accepted, on condition it has not changed since it was read."""
        version = f'W/"{task["meta"]["versionId"]}"'
        return self._call(
            "PUT", f"Task/{task['id']}", {**task, "status": "accepted"}, **{"If-Match": version}
        )

    def complete(self, task: dict[str, Any]) -> Reply:
        """PATCH the Task to completed, saying the person attended."""
        attended = {
            "type": {"text": "outcome"},
            "valueCodeableConcept": {
                "coding": [{"system": systems.CONNECTION_OUTCOME, "code": "attended"}]
            },
        }
        patch = [
            {"op": "test", "path": "/status", "value": task["status"]},
            {"op": "replace", "path": "/status", "value": "completed"},
            {"op": "add", "path": "/output", "value": [attended]},
        ]
        return self._call("PATCH", f"Task/{task['id']}", patch, "application/json-patch+json")


class TaskClientError(Exception):
    def __init__(self, reply: Reply) -> None:
        issues = reply.body.get("issue", [{}])
        super().__init__(f"{reply.status}: {issues[0].get('diagnostics', 'no details')}")
        self.reply = reply


def describe(task: dict[str, Any]) -> str:
    """One line for a Task: its id, status, service and whoever is shared."""
    person: dict[str, Any] = next(
        (r for r in task.get("contained", []) if r.get("resourceType") == "Patient"), {}
    )
    name = " ".join(
        [
            *person.get("name", [{}])[0].get("given", []),
            person.get("name", [{}])[0].get("family", ""),
        ]
    ).strip()
    return (
        f"{task['id']}  {task['status']:<11}  {task.get('description', '')}"
        f"  {name or '(details not shared)'}"
    )
