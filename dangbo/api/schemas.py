"""The shapes of the API's input and output (pydantic, through django-ninja): the 400s of bad input
shape are decided here; business rules stay in the services."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError

from dangbo.core.dates import (
    FIRST_REVIEW_YEAR,
    QUERY_FIRST_YEAR,
    QUERY_LAST_YEAR,
    DateKind,
    DateRefused,
    bounds,
    check_date,
    date_pattern,
    today,
)
from dangbo.core.text import (
    TextRefused,
    clean_text,
    edged_pattern,
    filled_pattern,
    text_pattern,
    words_pattern,
)
from dangbo.reports.figures import FIGURE_PATTERN, TOTAL_PATTERN

REFUSED = "dangbo_refused"  # the error type whose message is the whole answer (it names the field)


@dataclass(frozen=True)
class _Described:
    """Annotated metadata that completes the JSON Schema of a type when the schema is asked for (the
    patterns of the text cleaner and of the date policy, the bounds that move with today)."""

    complete: Callable[[dict[str, Any]], None]

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        schema = handler(core_schema)
        self.complete(schema)
        return schema


def _refused(message: str) -> PydanticCustomError:
    return PydanticCustomError(REFUSED, message.replace("{", "(").replace("}", ")"))


def _text_check(
    max_length: int | None, label: str, *, multiline: bool = False, name: bool = False
) -> AfterValidator:
    def check(value: str) -> str:
        if max_length is not None and len(value) > max_length:  # as sent: the schema's maxLength
            raise _refused(
                f"{label[:1].upper()}{label[1:]} dài tối đa {max_length} ký tự (đang có {len(value)})."
            )
        try:
            return clean_text(value, label=label, max_length=max_length, multiline=multiline, name=name)
        except TextRefused as refused:
            raise _refused(refused.message) from None

    return AfterValidator(check)


def _text_schema(
    max_length: int | None,
    *,
    multiline: bool = False,
    name: bool = False,
    digits: bool = True,
    core: str | None = None,
    optional: bool = False,
    words: int = 0,
) -> Any:
    """The schema of a cleaned text: its length as sent, and what the cleaner accepts as a pattern
    (computed when the schema is asked for, once per process); `core`: the value must be that regular
    expression (or empty when `optional`); `words`: at least that many words."""

    def extra(schema: dict[str, Any]) -> None:
        if max_length is not None:
            schema["maxLength"] = max_length
        if core is not None:
            schema["pattern"] = edged_pattern(core, optional=optional)
        else:
            schema["pattern"] = text_pattern(multiline=multiline, name=name, digits=digits)
        if words > 1:
            schema["allOf"] = [{"pattern": words_pattern(words)}]

    return extra


def FullName(label: str) -> Any:  # noqa: N802 — a type factory
    """A person's full name: at least a surname and a given name, letters, no digit (as the service)."""
    return Annotated[
        str,
        _Described(_text_schema(120, name=True, digits=False, words=2)),
        _text_check(120, label, name=True),
    ]


def Pattern(  # noqa: N802 — a type factory
    max_length: int, label: str, core: str, *, optional: bool = False, **field: Any
) -> Any:
    """A cleaned text that must then be `core` (a regular expression), or empty when `optional`."""
    return Annotated[
        str,
        Field(**field),
        _Described(_text_schema(max_length, core=core, optional=optional)),
        _text_check(max_length, label),
    ]


def Text(  # noqa: N802 — a type factory
    max_length: int | None = None,
    label: str = "Giá trị",
    *,
    multiline: bool = False,
    name: bool = False,
    **field: Any,
) -> Any:
    """A string taken in by dangbo.core.text.clean_text, the cleaner of the web forms and the import:
    NFC, trimmed, control, zero-width and bidirectional characters refused, at most `max_length`
    characters after cleaning; a refusal is a 400 whose message names the field by `label`. The
    length is checked by the cleaner (after NFC), so `maxLength` is only declared in the schema."""
    return Annotated[
        str,
        Field(**field),
        _Described(_text_schema(max_length, multiline=multiline, name=name)),
        _text_check(max_length, label, multiline=multiline, name=name),
    ]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_shape(label: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        # pydantic would also take a number (seconds since 1970) or a datetime string for a date
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _ISO_DAY.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise _refused(f"{label} “{value}” không phải là ngày hợp lệ.") from None
        raise _refused(f"{label} phải là ngày dạng YYYY-MM-DD (năm đủ 4 chữ số).")

    return BeforeValidator(check)


def _date_check(kind: DateKind, label: str) -> AfterValidator:
    def check(value: date) -> date:
        try:
            return check_date(value, kind=kind, label=label)
        except DateRefused as refused:
            raise _refused(refused.message) from None

    return AfterValidator(check)


def _date_schema(kind: DateKind) -> Any:
    """The days of the policy as a pattern, computed when the schema is asked for (birth dates end
    today, decisions a year ahead)."""

    def extra(schema: dict[str, Any]) -> None:
        schema["pattern"] = date_pattern(*bounds(kind))

    return extra


def Day(kind: DateKind, label: str, **field: Any) -> Any:  # noqa: N802 — a type factory
    """A date (YYYY-MM-DD) held to the date policy of its kind (dangbo.core.dates), as in the web forms
    and the import: a birth from 01/01/1900 to today, a party decision from 03/02/1930 to a year ahead."""
    return Annotated[
        date,
        Field(**field),
        _Described(_date_schema(kind)),
        _date_shape(label),
        _date_check(kind, label),
    ]


Code = Annotated[
    str,
    Field(description="mã tổ chức, ví dụ Q9"),
    _Described(_text_schema(40)),
    _text_check(40, "Mã tổ chức"),
]


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would otherwise read 0 or "0" as a Unix time (1970-01-01)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("phải là ngày dạng YYYY-MM-DD")
    return value


def _day_in_range(value: date) -> date:
    if not QUERY_FIRST_YEAR <= value.year <= QUERY_LAST_YEAR:
        raise ValueError(f"phải trong khoảng {QUERY_FIRST_YEAR}-01-01 … {QUERY_LAST_YEAR}-12-31")
    return value


# A day given in a query (as_of): YYYY-MM-DD, from 1900 to 2100.
QueryDay = Annotated[
    date,
    _Described(_date_schema(DateKind.DAY)),
    BeforeValidator(_iso_day),
    AfterValidator(_day_in_range),
]


def _review_year_schema(schema: dict[str, Any]) -> None:
    schema["minimum"] = FIRST_REVIEW_YEAR
    schema["maximum"] = today().year


# The year of an annual review: from the first one the rules know (1990) to this year. The schema says
# so; the service refuses any other year (400) once the member or the organization is found in the
# user's scope (outside it: 404, whatever the year), as the web pages do.
Year = Annotated[int, _Described(_review_year_schema)]
Id = Annotated[int, Field(ge=1, le=2**62)]


# A JSON body is taken as the schema types it: "2" is not the number 2, 1 is not true (pydantic would
# otherwise convert them, and accept what the schema says is refused).
# A property the schema does not name is refused, not ignored (a misspelt field is not a silent no-op).
STRICT: ConfigDict = {"strict": True, "extra": "forbid"}


def _query_bool(value: Any) -> Any:
    """true or false, as the schema says: not 1, "yes", "on"… (which pydantic would also take)."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError("phải là true hoặc false")


QueryBool = Annotated[bool, BeforeValidator(_query_bool)]


def _json_int(value: Any) -> Any:
    """A JSON number that is whole: 4 or 4.0 (the same integer for JSON Schema), not "4" or true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def JsonInt(low: int, high: int) -> Any:  # noqa: N802 — a type factory
    """An integer from low to high in a JSON body (the body models are strict: no text for a number)."""
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_json_int)]


class ErrorOut(Schema):
    field: str | None = Field(None, description="the input at fault, when there is one")
    message: str = Field(description="why, in Vietnamese")


# --- organizations ---------------------------------------------------------------------------------


class MemberCounts(Schema):
    probationary: int
    official: int
    exempted: int
    total: int


class TreeNodeOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    sector: str
    parent_code: str | None
    level: int = Field(description="0 for the top of the list, 1 for its children…")
    grassroots: int = Field(description="grassroots organizations (TCCSĐ) in the subtree, itself included")
    cells: int = Field(description="cells (chi bộ) in the subtree")
    members: MemberCounts


class TreeOut(Schema):
    as_of: date
    nodes: list[TreeNodeOut] = Field(description="the subtrees in tree order, siblings sorted by name")


class VersionOut(Schema):
    name: str
    kind: str
    kind_label: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None = Field(description="exclusive; null while still in force")


class OrganizationEventOut(Schema):
    action: str
    action_label: str
    effective_on: date
    decision_number: str
    decision_date: date
    issued_by: str
    counterpart_code: str | None
    note: str


class OrganizationOut(Schema):
    code: str
    as_of: date
    active: bool = Field(description="in force on as_of")
    name: str = Field(description="the name on as_of (the latest name if not active then)")
    kind: str
    kind_label: str
    parent_code: str | None
    sector: str
    sector_label: str
    established_on: date
    ended_on: date | None
    can_write: bool
    versions: list[VersionOut]
    events: list[OrganizationEventOut]


class StatsOrganization(Schema):
    code: str
    name: str


class StatsOrganizations(Schema):
    grassroots: int
    cells: int
    by_kind: dict[str, int]


class StatsOut(Schema):
    """The same JSON as `manage.py tree_stats --format json`."""

    organization: StatsOrganization
    as_of: str
    organizations: StatsOrganizations
    members: dict[str, int]


# --- members ---------------------------------------------------------------------------------------


class OrganizationRef(Schema):
    code: str
    name: str


StatusFilter = Literal[
    "on_books",
    "probationary",
    "official",
    "transferred_out",
    "removed",
    "expelled",
    "deceased",
    "left",
    "all",
]


class MemberListItem(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: date
    status: str
    status_label: str
    exempted: bool
    organization: OrganizationRef
    admitted_on: date
    official_on: date | None
    cccd: str = Field(description="masked: only the last four digits (********1234); empty when unknown")


class MemberPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[MemberListItem]


class MemberOut(Schema):
    id: int
    version: int = Field(description="send it back with a change: a change made meanwhile is refused (409)")
    full_name: str
    birth_name: str
    aliases: str
    sex: str
    birth_date: date
    birth_place: str
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    cccd: str = Field(description="masked (********1234) unless the user may change this member's file")
    cccd_masked: bool
    party_card_number: str
    file_number: str
    badge_number: str
    education: str
    profession: str
    political_theory: str
    foreign_language: str
    occupation_before: str
    occupation: str
    force: str
    notes: str
    status: str
    status_label: str
    exempted: bool
    organization: OrganizationRef
    temporary_organization: OrganizationRef | None
    admitted_on: date
    official_on: date | None
    ended_on: date | None
    can_write: bool


class MemberEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_on: date
    decision_number: str
    decision_date: date | None
    issued_by: str
    from_organization: OrganizationRef | None
    to_organization: OrganizationRef | None
    details: dict[str, Any]
    note: str
    recorded_at: str


# 12 digits, or empty to clear it.
Cccd = Pattern(12, "Số CCCD", "[0-9]{12}", optional=True, description="12 digits; empty to clear")


def _NO_DEFAULT(schema: dict[str, Any]) -> None:  # noqa: N802 — used as a constant
    """An optional field that has no value of its own: left out, it is not changed (null is refused)."""
    schema.pop("default", None)


class MemberProfileIn(Schema):
    """A change of the member's personal fields: only the fields sent are changed (at least one)."""

    model_config = {**STRICT, "json_schema_extra": {"minProperties": 2}}

    version: JsonInt(1, 2**31) = Field(description="the version read with the member")  # type: ignore[valid-type]
    # A member's file always has a name, a sex and a birth date: they may be changed, not cleared (no null).
    full_name: FullName("Họ và tên") = Field(None, json_schema_extra=_NO_DEFAULT)  # type: ignore[valid-type]
    birth_name: Text(120, "Họ tên khai sinh", name=True) | None = None  # type: ignore[valid-type]
    aliases: Text(120, "Bí danh") | None = None  # type: ignore[valid-type]
    sex: Literal["male", "female"] = Field(None, json_schema_extra=_NO_DEFAULT)  # type: ignore[arg-type]
    birth_date: Day(DateKind.BIRTH, "Ngày sinh") = Field(None, json_schema_extra=_NO_DEFAULT)  # type: ignore[valid-type]
    birth_place: Text(255, "Nơi sinh") | None = None  # type: ignore[valid-type]
    hometown: Text(255, "Quê quán") | None = None  # type: ignore[valid-type]
    residence: Text(255, "Nơi cư trú") | None = None  # type: ignore[valid-type]
    ethnicity: Text(40, "Dân tộc") | None = None  # type: ignore[valid-type]
    religion: Text(40, "Tôn giáo") | None = None  # type: ignore[valid-type]
    cccd: Cccd | None = None  # type: ignore[valid-type]
    party_card_number: Text(20, "Số thẻ đảng viên") | None = None  # type: ignore[valid-type]
    file_number: Text(20, "Số hồ sơ") | None = None  # type: ignore[valid-type]
    badge_number: Text(20, "Số huy hiệu") | None = None  # type: ignore[valid-type]
    education: Text(20, "Trình độ học vấn") | None = None  # type: ignore[valid-type]
    profession: Text(120, "Chuyên môn nghiệp vụ") | None = None  # type: ignore[valid-type]
    political_theory: Literal["", "elementary", "intermediate", "advanced", "bachelor"] | None = None
    foreign_language: Text(60, "Ngoại ngữ") | None = None  # type: ignore[valid-type]
    occupation_before: Text(120, "Nghề nghiệp khi vào Đảng") | None = None  # type: ignore[valid-type]
    occupation: Text(120, "Nghề nghiệp hiện nay") | None = None  # type: ignore[valid-type]
    force: Literal["", "army", "police", "retired"] | None = None
    notes: Text(5000, "Ghi chú hồ sơ", multiline=True) | None = None  # type: ignore[valid-type]


# --- reports ---------------------------------------------------------------------------------------


def _four_levels_are_four(schema: dict[str, Any]) -> None:
    schema["example"] = {"total": 42, "figures": ["8:19,04", "33:78,6"]}
    schema["if"] = {"properties": {"four_levels": {"const": True}}, "required": ["four_levels"]}
    schema["then"] = {"properties": {"figures": {"minItems": 4, "maxItems": 4}}}


class CheckFiguresIn(Schema):
    total: JsonInt(1, 10**12) | Pattern(20, "Tổng số", TOTAL_PATTERN) = Field(  # type: ignore[valid-type]
        description="the denominator: 42, or “5.852” as written"
    )
    figures: list[Pattern(40, "Số liệu", FIGURE_PATTERN)] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=50, description="COUNT:PERCENT as written, e.g. “8:19,04”"
    )
    base_alternatives: list[JsonInt(1, 10**12) | Pattern(20, "Cơ sở khác", TOTAL_PATTERN)] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=20,
        description="other bases the report may have used (all members instead of those rated): 5900 or “5.900”",
    )
    four_levels: bool = Field(
        False, description="the four member levels in order (HTXSNV, HTTNV, HTNV, KHTNV): the cap is checked"
    )
    year: Year | None = Field(None, description="the year of the review: the cap of its scheme (else 20 %)")
    model_config = {**STRICT, "json_schema_extra": _four_levels_are_four}


class ProblemOut(Schema):
    """A problem of the line: its kind, a Vietnamese message, and the details of its kind (those of
    another kind are left out)."""

    kind: Literal["sum_mismatch", "truncated", "other_base", "count_typo", "cap"]
    message: str
    figure: int | None = Field(
        None, description="the figure at fault, from 1 (truncated, other_base, count_typo)"
    )
    count: int | None = Field(None, description="its count as written")
    stated: str | None = Field(None, description="its percentage as written")
    correct: str | None = Field(None, description="the percentage of the total, rounded half-up")
    base: int | None = Field(None, description="other_base: the base the percentage fits")
    fits: int | None = Field(None, description="count_typo: the count that fits the percentage")
    adds_up: bool | None = Field(
        None, description="count_typo: with that count the counts add up to the total"
    )
    sum: int | None = Field(None, description="sum_mismatch: the sum of the counts")
    total: int | None = Field(None, description="sum_mismatch: the total")
    difference: int | None = Field(None, description="sum_mismatch: the sum minus the total")
    excellent: int | None = Field(None, description="cap: the count of HTXSNV")
    good: int | None = Field(None, description="cap: the count of HTTNV")
    cap_percent: str | None = Field(None, description="cap: the cap, a share of HTTNV")
    limit: int | None = Field(None, description="cap: the most HTXSNV allowed")


class FigureOut(Schema):
    count: int
    stated: str
    correct: str
    ok: bool


class CheckFiguresOut(Schema):
    """The same JSON as `manage.py check_figures --format json`."""

    total: int
    figures: list[FigureOut]
    problems: list[ProblemOut]


class RoleOut(Schema):
    role: str
    role_label: str
    organization: OrganizationRef


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    roles: list[RoleOut]


# --- the annual review -----------------------------------------------------------------------------


def _decision_needs_number(schema: dict[str, Any]) -> None:
    schema["if"] = {"properties": {"stage": {"const": "decision"}}, "required": ["stage"]}
    schema["then"] = {
        "properties": {"decision_number": {"pattern": filled_pattern()}},
        "required": ["decision_number"],
    }


class MemberRatingIn(Schema):
    """One step of a member's review of a year: the self-assessment, the cell's proposal or the decision.
    Ranks: 1 HTXSNV, 2 HTTNV, 3 HTNV, 4 KHTNV (in the year's scheme); null: not rated. A decision
    needs its number."""

    model_config = {**STRICT, "json_schema_extra": _decision_needs_number}

    stage: Literal["self", "proposal", "decision"]
    rank: JsonInt(1, 4) | None = None  # type: ignore[valid-type]
    decision_number: Text(60, "Số quyết định") = ""  # type: ignore[valid-type]
    decision_date: Day(DateKind.DECISION, "Ngày quyết định") | None = None  # type: ignore[valid-type]
    override_reason: Text(2000, "Lý do giữ quyết định", multiline=True) = Field(  # type: ignore[valid-type]
        "", description="required when the decision breaks a rule (the 20 % cap…): why it stands"
    )
    # the 100-point score from 2025 (QĐ 366), at any step: the decision's, else the proposal's is taken
    score_general: Annotated[float, Field(ge=0, le=30)] | None = Field(
        None, description="from 2025: the general criteria's points (of 30), two decimals kept"
    )
    score_results: Annotated[float, Field(ge=0, le=70)] | None = Field(
        None, description="from 2025: the task results' points (of 70), two decimals kept"
    )


class MemberRatingOut(Schema):
    member_id: int
    year: int
    self_rank: int | None
    proposed_rank: int | None
    rank: int | None
    rank_label: str = Field(description="the decided rank in the year's own wording")
    not_rated_reason: str
    decision_number: str
    decision_date: date | None
    override_reason: str
    flags: list[dict[str, Any]] = Field(description="the rules the decision breaks (kept with the override)")
    decided_score: list[float] | None = Field(
        None, description="from 2025: the decision's two parts (general of 30, results of 70)"
    )
