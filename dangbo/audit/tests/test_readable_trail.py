"""The audit pages read as a person reads them: fields in Vietnamese, statuses, ranks and kinds by their
labels, organizations and members by name (a member only to a reader who may see them), never an id
or an internal key."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from dangbo.evaluations.services import member_rating_record
from dangbo.members.services import member_record_event

KEYS = re.compile(r"\b(probationary|official|transfer_in|transfer|counterpart|organization_id|rank|status)\b")


def _rows_text(rows) -> str:
    parts = []
    for row in rows:
        parts += [row.action, row.target_kind, row.target]
        for change in row.changes:
            parts += [change.field, change.before, change.after]
    return "\n".join(parts)


def _ids(*objects) -> set[str]:
    return {str(o.pk) for o in objects}


@pytest.mark.django_db
def test_the_trail_shows_names_and_labels_never_ids_or_keys(as_user, small_tree, make_member, personas):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", status="probationary")
    member_record_event(
        actor=personas["officer"],
        member=an,
        kind="official",
        effective_on=date(2020, 3, 1),
        decision_number="5-QĐ",
    )
    member_record_event(
        actor=personas["officer"],
        member=an,
        kind="transfer",
        effective_on=date(2021, 4, 2),
        decision_number="6-QĐ",
        to_organization=small_tree.cell_b,
    )
    member_rating_record(
        actor=personas["ward_staff"], member=an, year=2020, stage="decision", rank=2, decision_number="1-TB"
    )
    ids = _ids(an, small_tree.cell_a, small_tree.cell_b, small_tree.ward)
    client = as_user("officer")
    pages = [
        client.get(reverse("audit_search")).context["rows"],
        client.get(reverse("member_detail", args=[an.pk])).context["audit_rows"],
        client.get(reverse("org_detail", args=["W1B"])).context["audit_rows"],
    ]
    for rows in pages:
        text = _rows_text(rows)
        assert rows
        assert not KEYS.search(text), KEYS.search(text)
        # a number shown alone, not a share in a label ("Hoàn thành 100% nhiệm vụ"): an id would be one
        shown_numbers = set(re.findall(r"\b\d{2,}\b(?!\s*%)", text))
        assert not (shown_numbers & ids), text
    text = _rows_text(pages[0])
    assert "Dự bị" in text and "Chính thức" in text
    assert "Chi bộ Khu phố 2" in text
    assert "Hoàn thành tốt nhiệm vụ" in text
    assert "Nguyễn Văn An — 2020" in text
    assert "02/04/2021" in text


@pytest.mark.django_db
def test_a_member_the_reader_may_not_see_is_not_named(small_tree, make_member, personas):
    from django.db import transaction

    from dangbo.audit.models import AuditEntry
    from dangbo.audit.services import audit_record
    from dangbo.web.audit import labels

    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    rating = member_rating_record(
        actor=personas["ward_staff"], member=an, year=2020, stage="decision", rank=2, decision_number="1-TB"
    )
    with transaction.atomic():  # a rating named by its own str(): "<member id> 2020 2"
        entry = audit_record(
            actor=personas["officer"], action="rating.correct", target=rating, after={"rank": 2}
        )
    assert entry.target_label.startswith(str(an.pk))
    entries = AuditEntry.objects.filter(pk=entry.pk)
    outsider = labels.rows(entries, full_cccd=lambda e: False, reader=personas["outsider"])
    assert outsider[0].target == "Xếp loại năm 2020 của một đảng viên"
    insider = labels.rows(entries, full_cccd=lambda e: False, reader=personas["ward_staff"])
    assert insider[0].target == "Xếp loại năm 2020 của Nguyễn Văn An"


@pytest.mark.django_db
def test_the_names_of_a_page_cost_a_query_each_not_one_per_row(
    small_tree, make_member, personas, django_assert_max_num_queries
):
    from dangbo.audit.models import AuditEntry
    from dangbo.web.audit import labels

    for n in range(6):
        member = make_member(small_tree.cell_a, f"Nguyễn Văn {'ABCDEG'[n]}", status="probationary")
        member_record_event(
            actor=personas["officer"],
            member=member,
            kind="transfer",
            effective_on=date(2021, 4, 2),
            decision_number=f"{n}-QĐ",
            to_organization=small_tree.cell_b,
        )
    entries = list(AuditEntry.objects.all())
    assert len(entries) > 12
    with django_assert_max_num_queries(4):
        rows = labels.rows(entries, full_cccd=lambda e: False, reader=personas["officer"])
    assert any(c.after == "Chi bộ Khu phố 2 – Đảng bộ phường An Bình" for row in rows for c in row.changes)


@pytest.mark.django_db
def test_the_search_page_offers_the_actions_of_every_app(as_user):
    html = as_user("officer").get(reverse("audit_search")).content.decode()
    for label in (
        "Cấp khóa truy cập API",
        "Đặt chỉ tiêu",
        "Lập kế hoạch đại hội",
        "Đưa cán bộ vào quy hoạch",
    ):
        assert label in html
    assert '<optgroup label="Đại hội, bầu cử">' in html


def test_discipline_forms_and_times_read_as_a_person_reads_them() -> None:
    from dangbo.members.models import DisciplineForm
    from dangbo.web.audit import labels

    form = DisciplineForm.choices[0]
    lines = labels.changes({}, {"form": form[0], "recorded_at": "2021-04-02T08:30:00+07:00"}, full_cccd=False)
    assert lines[0].field == "Hình thức kỷ luật" and lines[0].after == str(form[1])
    assert lines[1].after == "02/04/2021 08:30"
