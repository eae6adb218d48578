"""What every page shares: the "as of" day, the year under review, the GET parameters with defaults, and how scope refusals become 404/403."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from dangbo.core.dates import query_day, today
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied, PersonalDataDenied

if TYPE_CHECKING:
    from dangbo.ui.forms import VnForm

PAGE_SIZE = 50  # rows a page, unless ?so-dong= asks for one of PAGE_SIZES
PAGE_SIZES = (25, 50, 100, 200)
SIZE = "so-dong"
COUNT, COUNT_ALL = "dem", "du"  # ?dem=du: count a long list to its end


@contextmanager
def visible_only() -> Iterator[None]:
    """Reading: anything outside the user's scope is simply not found (404), never "forbidden";
    members' personal data inside it, seen through a read-only viewer's role only, is refused (403)."""
    try:
        yield
    except PersonalDataDenied as error:
        raise Forbidden(error.message) from None
    except (NotFound, PermissionDenied) as error:
        raise Http404(error.message) from None


@contextmanager
def writable_only() -> Iterator[None]:
    """Changing: outside the scope is 404; inside it but with a read-only role is 403."""
    try:
        yield
    except NotFound as error:
        raise Http404(error.message) from None
    except PermissionDenied as error:
        raise Forbidden(error.message) from None


def as_of(request: HttpRequest) -> tuple[date, str]:
    """The day from ?ngay=dd/mm/yyyy (today when absent), and an error message when unreadable."""
    raw = request.GET.get("ngay", "").strip()
    if not raw:
        return today(), ""
    try:
        return query_day(raw), ""
    except ValueError as error:
        return today(), f"{str(error).rstrip('.')}; đang hiển thị số liệu hôm nay."


def default_year() -> int:
    """The year under review: the current one from December, else the last one."""
    day = today()
    return day.year if day.month == 12 else day.year - 1


def bound(request: HttpRequest, keys: tuple[str, ...], defaults: dict[str, str]) -> QueryDict:
    """The GET parameters, completed with the defaults (a first visit shows the default report)."""
    data = request.GET.copy()
    for key in keys:
        if key not in data:
            data[key] = defaults.get(key, "")
    return data


def pct(text: str) -> str:
    """ "19.05" -> "19,05 %"."""
    return text.replace(".", ",") + " %"


class WholePagePaginator(Paginator):
    """Always asks the database for a whole page (LIMIT per_page), even when fewer rows are left, and
    counts a long list only up to `cap` rows.

    Django's Paginator cuts the last slice to the count (LIMIT 1 when one member matches), and with
    LIMIT 1 PostgreSQL prefers walking the sort index until it meets a match: 23 s over the nation
    for a search that finds one member, against milliseconds with LIMIT 50.

    The count: a city-wide list has hundreds of thousands of rows, and counting them all reads them
    all (on SQLite a scan of the city's members) while a person sees the first page. With `cap`, the
    count reads at most cap + 1 rows (`SELECT count(*) FROM (… LIMIT cap + 1)`, without its order):
    up to `cap` it is exact (`exact`); beyond, the page says "hơn {cap}" and the pager goes from page
    to page (a page reads one row more than it shows, to know whether a next one exists) without a
    last page. A page asked beyond the end of such a list counts it all, once, to show its last page.
    """

    def __init__(self, object_list: Any, per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The rows, or cap + 1 when there are more than `cap` (then `exact` is False)."""
        if self.cap is None:
            return super().count
        return count_upto(self.object_list, self.cap + 1)

    @property
    def exact(self) -> bool:
        return self.cap is None or self.count <= self.cap

    def validate_number(self, number: Any) -> int:
        if self.exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang không hợp lệ.") from None
        if number < 1:
            raise EmptyPage("Số trang phải từ 1 trở lên.")
        return number

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.exact:
            return Page(list(self.object_list[bottom : bottom + self.per_page]), number, self)
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("Trang này không có dòng nào.")
        return OpenPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number: Any) -> Page:
        if self.cap is not None and "count" not in self.__dict__ and str(number).strip() in ("1", ""):
            return self._first_page()
        try:
            return super().get_page(number)
        except EmptyPage:
            # beyond the end of a list longer than the cap: count it all, once, for its last page
            self.cap = None
            for name in ("count", "num_pages"):
                self.__dict__.pop(name, None)
            return self.page(self.num_pages)

    def _first_page(self) -> Page:
        """The first page of a capped list, its rows read first (one more than a page): when they do
        not fill it, their number is the count, and no count query runs (a search that finds a few
        members evaluates its index once, not twice)."""
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)
            return Page(rows, 1, self)
        if self.exact:
            return Page(rows[: self.per_page], 1, self)
        return OpenPage(rows[: self.per_page], 1, self, more=True)


class OpenPage(Page):
    """A page of a list counted only up to its cap: whether a next page exists is known from the rows
    read (`more`), not from the number of pages."""

    def __init__(self, object_list: Any, number: int, paginator: Paginator, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1


def count_upto(items: Any, limit: int) -> int:
    """min(rows, limit), reading at most `limit` rows: a QuerySet counts a LIMITed subquery without
    its ORDER BY (any `limit` rows will do), so the database may stop at the limit."""
    if isinstance(items, QuerySet):
        return items.order_by()[:limit].count()
    return len(items[:limit])


def count_cap() -> int | None:
    """settings.DANGBO_LIST_COUNT_CAP (rows a list counts at most; 0: no cap)."""
    cap = int(getattr(settings, "DANGBO_LIST_COUNT_CAP", 1000))
    return cap if cap > 0 else None


def page_size(request: HttpRequest) -> int:
    """?so-dong= when it is one of PAGE_SIZES, else PAGE_SIZE: a list never asks for 10⁹ rows."""
    raw = request.GET.get(SIZE, "").strip()
    return int(raw) if raw in {str(s) for s in PAGE_SIZES} else PAGE_SIZE


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int | None = None) -> Page:
    """The page ?trang= (the first when unreadable, the last when beyond) of ?so-dong= rows.

    A QuerySet is counted up to count_cap() rows only (WholePagePaginator), unless ?dem=du asks for
    the whole count (the page's "đếm chính xác" link); a list, already in memory, exactly."""
    raw = request.GET.get("trang", "")
    digits = raw.isascii() and raw.isdigit()
    number = (raw if len(raw) <= 9 else 10**9) if digits else 1  # beyond the end: the last page
    whole = request.GET.get(COUNT) == COUNT_ALL
    cap = count_cap() if isinstance(items, QuerySet) and not whole else None
    return WholePagePaginator(items, per_page or page_size(request), cap).get_page(number)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so that its errors show), else None."""
    return request.POST if request.method == "POST" else None


def submit(
    request: HttpRequest,
    form: VnForm,
    run: Callable[[dict[str, Any]], tuple[str, str]],
    aliases: dict[str, str] | None = None,
) -> HttpResponse | None:
    """On a valid POST, call the one service through `run`. Success: a message and a redirect to the
    URL it returns. Refusal (ApplicationError): its message on the field it names, nothing written."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        message, url = run(form.cleaned_data)
    except ApplicationError as error:
        form.show_error(error, aliases)
        return None
    messages.success(request, message)
    return redirect(url)


CONFIRM = "xac-nhan"  # the POST confirmed on the page that names the consequence
AMEND = "sua-lai"  # back from that page to the form, its values kept


class _DryRun(Exception):
    """Rolls back the trial run of a service before its confirmation."""


# what the confirmation page says of putting the action right afterwards (the lifecycle's events and the
# reorganizations: a correction approved in writing); a service whose records are put right otherwise
# says so
CORRECTED_BY_RECORD = "Sau khi xác nhận, việc này chỉ sửa được bằng đính chính, có văn bản đồng ý của cấp ủy."


def submit_confirmed(
    request: HttpRequest,
    form: VnForm,
    run: Callable[[dict[str, Any]], tuple[str, str]],
    consequence: Callable[[dict[str, Any]], str],
    aliases: dict[str, str] | None = None,
    *,
    title: str,
    afterwards: str = CORRECTED_BY_RECORD,
) -> HttpResponse | None:
    """`submit` for an action that closes a record or an organization (removal, death, expulsion,
    merge, dissolution…): the first valid POST runs the service in a transaction that is rolled back,
    so that every refusal shows on the form as usual, and answers a page naming the consequence; only
    the POST confirmed from that page carries it out."""
    if request.method != "POST" or not form.is_valid() or request.POST.get(AMEND):
        return None
    if request.POST.get(CONFIRM) == "1":
        return submit(request, form, run, aliases)
    try:
        with transaction.atomic():
            run(form.cleaned_data)
            raise _DryRun
    except _DryRun:
        pass
    except ApplicationError as error:
        form.show_error(error, aliases)
        return None
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM, AMEND)
        for value in values
    ]
    return render(
        request,
        "web/confirm.html",
        {
            "title": title,
            "consequence": consequence(form.cleaned_data),
            "afterwards": afterwards,
            "hidden": hidden,
            "action": request.path,
        },
    )
