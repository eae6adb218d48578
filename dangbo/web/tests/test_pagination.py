"""The member list asks the database for whole pages (see WholePagePaginator)."""

from django.test import RequestFactory

from dangbo.ui.views import paginate


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
