"""The capped paginator: a bounded count, closed (the activity log) or open-ended (quotes)."""

from __future__ import annotations

import pytest

from leitstern.accounts.models import User
from leitstern.core.paging import CappedPaginator
from leitstern.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    for n in range(25):
        make_user(f"Person {n:02d}")
    return User.objects.order_by("pk")


def test_under_the_cap_it_counts_every_row(users):
    pages = CappedPaginator(users, 10, max_pages=3)
    assert (pages.count, pages.num_pages, pages.capped, pages.full_pages) == (25, 3, False, 3)


def test_closed_the_last_counted_page_is_the_last_one_offered(users):
    pages = CappedPaginator(users, 10, max_pages=2)
    assert (pages.count, pages.num_pages, pages.capped, pages.full_pages) == (20, 2, True, 2)
    assert not pages.get_page(2).has_next()


def test_open_ended_the_page_past_the_cap_is_offered(users):
    pages = CappedPaginator(users, 10, max_pages=2, open_ended=True)
    assert (pages.count, pages.num_pages, pages.capped, pages.full_pages) == (21, 3, True, 2)
    assert pages.get_page(2).has_next()


def test_the_cheaper_rows_are_counted_instead_of_the_pages_query(users):
    fewer = users.filter(name__lt="Person 05").values("pk")
    pages = CappedPaginator(users, 10, max_pages=3, count_rows=fewer)
    assert (pages.count, pages.capped) == (5, False)


def test_a_list_is_counted_whole():
    pages = CappedPaginator(list(range(25)), 10, max_pages=2)
    assert (pages.count, pages.capped, len(pages.get_page(2))) == (20, True, 10)


def test_a_tuple_is_counted_whole_too():
    pages = CappedPaginator(tuple(range(25)), 10, max_pages=2)
    assert (pages.count, pages.capped) == (20, True)
