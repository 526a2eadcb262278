"""Free text people write (a feedback comment, a case study) can be one unbroken run of
characters as long as its field allows: it wraps inside the page instead of widening it."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import linkwork
from linkwork.accounts.roles import Role
from linkwork.testing.world import SmallWorld, refer_and_start
from linkwork.voice.case_study_services import case_study_write
from linkwork.voice.tests.test_case_studies import story
from linkwork.voice.tests.test_results import answered

pytestmark = pytest.mark.django_db

UNBROKEN = "x" * 2000
WRAPS = "lw-free-text"


class _Wrapping(HTMLParser):
    """Whether each text run sits inside an element with the wrapping class."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.unwrapped: list[str] = []
        self.wrapped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(WRAPS in classes or any(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if UNBROKEN[:100] in data:
            (self.wrapped if any(self.stack) else self.unwrapped).append(data)


def _body(page: str) -> str:
    return page.split("<body", 1)[1]


def assert_long_text_wraps(page: str) -> None:
    found = _Wrapping()
    found.feed(_body(page))
    assert found.wrapped, "the long text is not on the page"
    assert not found.unwrapped, "the long text sits outside anything that wraps it"


def test_the_wrapping_rule_is_in_the_stylesheet() -> None:
    css = (Path(linkwork.__file__).parent / "static/css/linkwork.css").read_text("utf-8")
    assert re.search(r"\.lw-free-text\s*\{[^}]*overflow-wrap:\s*anywhere", css)


def test_a_long_unbroken_comment_wraps_on_the_results_page(world: SmallWorld) -> None:
    answered(world, world.scheme, 1, comment=UNBROKEN)
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    page = client.get(reverse("voice:feedback_results")).content.decode()
    assert_long_text_wraps(page)


def test_a_long_unbroken_case_study_wraps_wherever_it_is_shown(world: SmallWorld) -> None:
    referral = refer_and_start(world, received_on=timezone.localdate() - timedelta(days=30))
    study = case_study_write(
        referral=referral,
        actor=world.users[Role.LINK_WORKER],
        story=story(
            title=UNBROKEN[:120],
            what_mattered=UNBROKEN,
            what_was_done=UNBROKEN,
            what_changed=UNBROKEN,
        ),
    )
    client = Client()
    client.force_login(world.users[Role.SCHEME_MANAGER])
    for url in (
        reverse("voice:case_study", args=[study.pk]),
        reverse("voice:case_study_list"),
        reverse("episodes:referral_detail", args=[referral.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_long_text_wraps(response.content.decode())
