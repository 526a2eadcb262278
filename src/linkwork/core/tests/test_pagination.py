"""The shared pager: a bad or stale `?page=` still answers with a page, links keep the list's
filters, and a queue preview fetches only its first rows with one count."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from linkwork.core.pagination import page_of, preview_of

ROWS = list(range(1, 8))  # seven rows: pages of three are 1-3, 4-6, 7


@pytest.mark.parametrize(
    ("asked", "number", "shown"),
    [
        ("", 1, [1, 2, 3]),
        ("2", 2, [4, 5, 6]),
        ("3", 3, [7]),
        ("abc", 1, [1, 2, 3]),
        ("-1", 3, [7]),
        ("9999", 3, [7]),
    ],
)
def test_any_page_asked_for_gives_a_page(asked: str, number: int, shown: list[int]) -> None:
    page = page_of(RequestFactory().get("/", {"page": asked}), ROWS, per_page=3)
    assert (page.number, list(page)) == (number, shown)


def test_the_page_size_setting_applies(settings) -> None:
    settings.LINKWORK_PAGE_SIZE = 4
    assert len(page_of(RequestFactory().get("/"), ROWS)) == 4


def test_page_links_keep_the_filters_and_say_which_page() -> None:
    request = RequestFactory().get("/", {"q": "café & co", "sort": "name", "page": "2"})
    page = page_of(request, ROWS, per_page=3)
    html = render_to_string("includes/pagination.html", {"page": page, "request": request})
    assert 'href="?q=caf%C3%A9+%26+co&amp;sort=name" rel="prev"' in html  # page 1: no page=
    assert 'href="?q=caf%C3%A9+%26+co&amp;sort=name&amp;page=3" rel="next"' in html
    assert "Showing 4 to 6 of 7. Page 2 of 3" in html
    assert "Page 1 of 3" in html  # where each link goes
    assert "Page 3 of 3" in html


def test_one_page_shows_no_pagination() -> None:
    request = RequestFactory().get("/")
    page = page_of(request, ROWS, per_page=10)
    html = render_to_string("includes/pagination.html", {"page": page, "request": request})
    assert html.strip() == ""


@pytest.mark.django_db
def test_a_preview_fetches_its_rows_and_one_count(django_assert_num_queries) -> None:
    from linkwork.organisations.models import Region

    for n in range(3):
        Region.objects.create(name=f"Pager region {n}", slug=f"pager-{n}", country="england")
    regions = Region.objects.order_by("name")
    total = regions.count()
    with django_assert_num_queries(2):
        preview = preview_of(regions, size=2)
    assert (len(preview.rows), preview.total, preview.more) == (2, total, True)
    html = render_to_string(
        "includes/queue_more.html", {"queue": preview, "noun": "regions", "url": "/regions/"}
    )
    assert f"Showing 2 of {total} regions." in html
    assert 'href="/regions/"' in html


@pytest.mark.django_db
def test_a_queue_that_fits_its_preview_is_counted_as_it_is_read(
    django_assert_num_queries,
) -> None:
    from linkwork.organisations.models import Region

    for n in range(2):
        Region.objects.create(name=f"Pager region {n}", slug=f"pager-{n}", country="england")
    regions = Region.objects.filter(slug__startswith="pager-").order_by("name")
    with django_assert_num_queries(1):
        preview = preview_of(regions, size=2)
    assert (len(preview.rows), preview.total, preview.more) == (2, 2, False)
    Region.objects.create(name="Pager region 2", slug="pager-2", country="england")
    with django_assert_num_queries(2):
        preview = preview_of(regions, size=2)
    assert (len(preview.rows), preview.total, preview.more) == (2, 3, True)


def test_the_count_is_grouped_in_thousands() -> None:
    request = RequestFactory().get("/", {"page": "3"})
    page = page_of(request, range(1, 1235), per_page=25)
    html = render_to_string("includes/pagination.html", {"page": page, "request": request})
    assert "Showing 51 to 75 of 1,234." in html
