"""The lists ask the database for whole pages, and count a long list only up to a cap (see
WholePagePaginator)."""

from django.test import RequestFactory

from dangbo.ui.views import WholePagePaginator, count_cap, paginate
from dangbo.web.templatetags.dangbo_web import row_count


class RecordingList(list):
    """A list that remembers the slices asked of it, as a QuerySet would turn them into LIMIT/OFFSET."""

    def __init__(self, *args):
        super().__init__(*args)
        self.slices: list[slice] = []

    def __getitem__(self, key):
        if isinstance(key, slice):
            self.slices.append(key)
        return super().__getitem__(key)


def test_a_single_match_is_fetched_with_a_whole_page_limit():
    items = RecordingList(["Nguyễn Văn A"])
    page = paginate(RequestFactory().get("/"), items, per_page=50)
    assert list(page.object_list) == ["Nguyễn Văn A"]
    assert items.slices == [slice(0, 50)]


def test_the_last_page_keeps_its_own_rows_only():
    items = RecordingList(range(120))
    page = paginate(RequestFactory().get("/", {"trang": "3"}), items, per_page=50)
    assert list(page.object_list) == list(range(100, 120))
    assert items.slices == [slice(100, 150)]
    assert (page.start_index(), page.end_index(), page.paginator.num_pages) == (101, 120, 3)


def test_an_unreadable_page_number_shows_the_first_page():
    items = RecordingList(range(10))
    page = paginate(RequestFactory().get("/", {"trang": "abc"}), items, per_page=50)
    assert page.number == 1 and list(page.object_list) == list(range(10))


# A long list counted only up to a cap (WholePagePaginator(cap=…)): no database, a list stands in for
# the QuerySet (count_upto slices it as the QuerySet's LIMIT would).


def capped(items, number, per_page=10, cap=25):
    return WholePagePaginator(items, per_page, cap).get_page(number)


def test_a_list_within_the_cap_is_counted_exactly_with_its_last_page():
    page = capped(list(range(25)), 1)
    assert page.paginator.exact and page.paginator.count == 25 and page.paginator.num_pages == 3
    assert page.has_next() and list(page.object_list) == list(range(10))


def test_a_list_beyond_the_cap_reads_cap_plus_one_rows_to_count():
    items = RecordingList(range(1000))
    page = capped(items, 1)
    assert not page.paginator.exact and page.paginator.count == 26
    # the first page read one row more than it shows (a next page exists), then the count 26 rows
    assert items.slices == [slice(None, 11), slice(None, 26)]
    assert page.has_next() and page.next_page_number() == 2
    assert (page.start_index(), page.end_index()) == (1, 10)


def test_pages_beyond_the_cap_go_on_until_the_rows_end():
    items = list(range(47))
    page = capped(items, 4)
    assert list(page.object_list) == list(range(30, 40)) and page.has_next()
    page = capped(items, 5)
    assert list(page.object_list) == list(range(40, 47)) and not page.has_next()
    assert page.has_previous() and (page.start_index(), page.end_index()) == (41, 47)


def test_a_page_beyond_the_end_of_a_capped_list_counts_it_all_for_the_last_page():
    page = capped(list(range(47)), 10**9)
    assert page.paginator.exact and page.paginator.count == 47
    assert page.number == 5 and list(page.object_list) == list(range(40, 47))


def test_an_unreadable_page_of_a_capped_list_is_the_first():
    for number in ("abc", None, 2.5):
        page = capped(list(range(100)), number)
        assert page.number == 1 and list(page.object_list) == list(range(10))


def test_the_cap_comes_from_the_settings_and_a_list_in_memory_is_counted_exactly(settings):
    settings.DANGBO_LIST_COUNT_CAP = 5
    assert count_cap() == 5
    # a Python list is already in memory: counted exactly
    paginator = paginate(RequestFactory().get("/"), list(range(100)), per_page=10).paginator
    assert isinstance(paginator, WholePagePaginator) and paginator.exact and paginator.count == 100
    settings.DANGBO_LIST_COUNT_CAP = 0
    assert count_cap() is None


def test_the_count_shown_says_more_than_the_cap():
    assert row_count(capped(list(range(26)), 1)) == "hơn 25"
    assert row_count(capped(list(range(25)), 1)) == "25"
    assert row_count(capped(list(range(2000)), 1, cap=1000)) == "hơn 1.000"
    assert row_count(WholePagePaginator(list(range(1234)), 10).get_page(1)) == "1.234"


def test_a_first_page_that_is_not_full_gives_the_count_without_counting():
    items = RecordingList(range(7))
    page = capped(items, 1)
    assert page.paginator.exact and page.paginator.count == 7 and not page.has_next()
    assert items.slices == [slice(None, 11)]  # the page only: no count query
    assert list(page.object_list) == list(range(7)) and (page.start_index(), page.end_index()) == (1, 7)


def test_a_full_first_page_within_the_cap_is_counted_and_has_a_last_page():
    items = RecordingList(range(18))
    page = capped(items, "1")
    assert page.paginator.exact and page.paginator.count == 18 and page.paginator.num_pages == 2
    assert items.slices == [slice(None, 11), slice(None, 26)]
    assert list(page.object_list) == list(range(10)) and page.has_next()
