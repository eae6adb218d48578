"""The statistics' pure rules: the bands at their edges, the buckets of stored values, the balance.
Source: domain.md §6 (the breakdowns and movements boards report; the forms' bands UNCONFIRMED,
settings)."""

from __future__ import annotations

from datetime import date

from dangbo.memberstats import rules


def test_age_band_labels_follow_the_settings():
    assert rules.age_band_labels((30, 40)) == ["Đến 30 tuổi", "31–40 tuổi", "Trên 40 tuổi"]
    assert rules.party_age_labels((10, 20)) == ["Dưới 10 năm", "10–19 năm", "20 năm trở lên"]


def test_completed_years_turn_on_the_birthday_and_29_february_counts_back_to_28():
    assert rules.completed_years(date(1989, 11, 7), date(2019, 11, 6)) == 29
    assert rules.completed_years(date(1989, 11, 7), date(2019, 11, 7)) == 30
    assert rules.years_before(date(2020, 2, 29), 1) == date(2019, 2, 28)


def test_the_register_grades_map_to_school_levels_and_anything_else_is_not_recorded():
    assert rules.education_bucket("12/12") == "Trung học phổ thông"
    assert rules.education_bucket("9/12") == "Trung học cơ sở"
    assert rules.education_bucket("5/12") == "Tiểu học"
    assert rules.education_bucket("10/10") == "Trung học phổ thông"  # the old 10-year system
    assert rules.education_bucket("7/10") == "Trung học cơ sở"
    assert rules.education_bucket("") == rules.UNKNOWN
    assert rules.education_bucket("đại học") == rules.UNKNOWN


def test_expertise_is_read_from_the_first_words_accents_and_case_aside():
    assert rules.expertise_bucket("Cử nhân Luật") == "Đại học"
    assert rules.expertise_bucket("KỸ SƯ Cơ khí") == "Đại học"
    assert rules.expertise_bucket("Thạc sĩ Quản lý") == "Thạc sĩ"
    assert rules.expertise_bucket("Trung cấp Kế toán") == "Trung cấp"
    assert rules.expertise_bucket("Công nhân kỹ thuật") == "Sơ cấp, công nhân kỹ thuật"
    assert rules.expertise_bucket("") == "Chưa qua đào tạo, chưa ghi"
    assert rules.expertise_bucket("Nghệ nhân") == rules.OTHER


def test_every_bucket_is_present_and_the_parts_add_up():
    counts = {"12/12": 5, "9/12": 2, "": 1, "x": 1}
    grouped = rules.regroup(counts, rules.education_bucket, rules.EDUCATION_BUCKETS)
    assert grouped == {"Tiểu học": 0, "Trung học cơ sở": 2, "Trung học phổ thông": 5, rules.UNKNOWN: 2}
    top = rules.top_with_other({"Hưu trí": 5, "Công chức": 3, "Nội trợ": 1, "": 2}, 2)
    assert top == {"Hưu trí": 5, "Công chức": 3, rules.OTHER: 1, rules.UNKNOWN: 2}
    assert rules.unbalanced({"a": {"x": 3}, "b": {"x": 2, "y": 1}, "c": {"x": 1}}, 3) == ["c"]


def test_the_balance_adds_the_incoming_and_takes_the_outgoing():
    moves = {"admitted": 9, "received": 5, "transferred_in": 2, "transferred_out": 5, "died": 1}
    assert rules.balance(306, moves) == 316


def test_a_party_age_falls_in_the_band_of_its_completed_years():
    bands = (10, 20)
    assert [rules.party_age_label(y, bands) for y in (0, 9, 10, 19, 20, 55)] == [
        "Dưới 10 năm",
        "Dưới 10 năm",
        "10–19 năm",
        "10–19 năm",
        "20 năm trở lên",
        "20 năm trở lên",
    ]
