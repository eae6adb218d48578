from datetime import date

from dangbo.accounts.scope import system_actor
from dangbo.members.services import member_act, member_admit
from dangbo.reports.charts import bar, pie
from dangbo.reports.dashboard import dashboard


def test_dashboard_counts_members_admissions_and_composition(small_tree, officer, make_member):
    make_member(small_tree.cell_a, "Nguyễn Văn An", birth_date=date(1950, 1, 1))
    old = make_member(
        small_tree.cell_b, "Lê Thị Hoa", sex="female", birth_date=date(1990, 6, 1), ethnicity="Hoa"
    )
    member_admit(
        actor=officer,
        profile={"full_name": "Trần Văn Mới", "sex": "male", "birth_date": date(2000, 1, 1)},
        cell=small_tree.cell_a,
        effective_on=date(2019, 5, 1),
        decision_number="1-QĐ",
        decision_date=date(2019, 5, 1),
    )
    member_act(
        actor=officer,
        member=old,
        kind="death",
        effective_on=date(2019, 2, 1),
        decision_number="",
        decision_date=None,
    )
    data = dashboard(
        system_actor("kiểm thử"), small_tree.district, first_year=2017, last_year=2019, day=date(2019, 12, 31)
    )
    assert data["members_by_year"] == [2, 2, 2]
    assert data["admissions_by_year"] == [0, 0, 1]
    assert dict(data["composition"]["sex"]) == {"Nam": 2}
    assert dict(data["composition"]["age"])["Dưới 30"] == 1
    assert dict(data["composition"]["age"])["Trên 60"] == 1


def test_charts_are_inline_svg_without_scripts():
    svg = bar("Đảng viên", ["2018", "2019"], [("Tổng số", [5800, 5852])])
    assert svg.lstrip().startswith("<svg") and "<script" not in svg and "5.852" in svg
    assert "<script" not in pie("Giới tính", [("Nam", 3), ("Nữ", 2)])
