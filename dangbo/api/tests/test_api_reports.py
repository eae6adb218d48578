"""GET /api/reports/evaluation (the JSON of evaluation_report) and POST /api/reports/check-figures
(the JSON of check_figures): the same figures as the commands, under the token user's scope."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def rated(people, decide_2019):
    decide_2019(((people.an, 1), (people.binh, 2), (people.cuong, 2), (people.em, 3)))
    return people


def _command_json(*args: str) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"), [("officer", "D"), ("ward_staff", "W1"), ("viewer", "D"), ("secretary_a", "W1A")]
)
def test_the_year_report_is_the_json_of_the_command(api_as, rated, persona, code):
    response = api_as(persona).get("/api/reports/evaluation", {"org": code, "year": 2019})
    assert response.status_code == 200
    assert response.json() == _command_json(
        "evaluation_report", "--org", code, "--year", "2019", "--format", "json"
    )


@pytest.mark.django_db
def test_the_ward_report_counts_its_three_rated_members(api_as, rated):
    report = (
        api_as("ward_staff").get("/api/reports/evaluation", {"org": "W1", "year": 2019, "decimals": 1}).json()
    )
    members = report["sections"]["members"]
    assert members["evaluated"] == 3
    assert [(lv["count"], lv["percent"]) for lv in members["levels"]] == [
        (1, "33.3"),
        (2, "66.7"),
        (0, "0.0"),
        (0, "0.0"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"), [("ward_staff", "D"), ("secretary_b", "W1A"), ("outsider", "W1")]
)
def test_the_report_of_a_subtree_outside_the_scope_is_not_found(api_as, rated, persona, code):
    response = api_as(persona).get("/api/reports/evaluation", {"org": code, "year": 2019})
    assert response.status_code == 404
    assert "Hoàng Văn Em" not in response.content.decode()


@pytest.mark.django_db
def test_a_year_out_of_range_is_a_400(api_as, rated):
    response = api_as("officer").get("/api/reports/evaluation", {"org": "D", "year": 1900})
    assert response.status_code == 400
    assert response.json()["field"] == "year" and "không hợp lệ" in response.json()["message"]


@pytest.mark.django_db
def test_check_figures_gives_the_json_of_the_command(api_as, personas):
    response = api_as("viewer").post(
        "/api/reports/check-figures",
        {"total": 42, "figures": ["8:19,04", "33:78,6", "1:2,3"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    expected = _command_json(
        "check_figures", "--total", "42", "8:19,04", "33:78,6", "1:2,3", "--format", "json"
    )
    assert response.json() == expected
    assert [(f["count"], f["stated"], f["correct"], f["ok"]) for f in response.json()["figures"]] == [
        (8, "19,04", "19,05", False),
        (33, "78,6", "78,6", True),
        (1, "2,3", "2,4", False),
    ]


@pytest.mark.django_db
def test_check_figures_reads_a_total_written_the_vietnamese_way(api_as, personas):
    response = api_as("secretary_b").post(
        "/api/reports/check-figures",
        {"total": "5.852", "figures": ["648:11,07"]},
        content_type="application/json",
    )
    assert response.json() == {
        "total": 5852,
        "figures": [{"count": 648, "stated": "11,07", "correct": "11,07", "ok": True}],
        "problems": [],
    }


@pytest.mark.django_db
def test_check_figures_names_the_problems_as_the_command_does(api_as, personas):
    client = api_as("viewer")

    def post(data):
        return client.post("/api/reports/check-figures", data, content_type="application/json")

    response = post({"total": 49, "figures": ["30:61,2", "16:32,7", "33:6,1"]})
    assert response.status_code == 200
    assert response.json() == _command_json(
        "check_figures", "--total", "49", "30:61,2", "16:32,7", "33:6,1", "--format", "json"
    )
    typo = response.json()["problems"][0]
    assert (typo["kind"], typo["count"], typo["fits"]) == ("count_typo", 33, 3)
    data = post(
        {"total": "5.900", "figures": ["648:11,07", "4.353:74,38"], "base_alternatives": ["5.852"]}
    ).json()
    assert [p["base"] for p in data["problems"] if p["kind"] == "other_base"] == [5852, 5852]
    data = post(
        {"total": 100, "figures": ["30:30", "60:60", "10:10", "0:0"], "four_levels": True, "year": 2019}
    ).json()
    assert [p["kind"] for p in data["problems"]] == ["cap"] and data["problems"][0]["limit"] == 12
    refused = post({"total": 42, "figures": ["8:19"], "base_alternatives": ["bốn"]})
    assert refused.status_code == 400 and refused.json()["field"] == "base_alternatives"
    refused = post({"total": 42, "figures": ["8:19"], "four_levels": True})
    assert refused.status_code == 400 and "đúng 4 số liệu" in refused.json()["message"]
    refused = post({"total": 42, "figures": ["8:19"], "year": 1800})
    assert refused.status_code == 400 and refused.json()["field"] == "year"
    # a cap raised by a recorded decision (QĐ 366, from 2025): 20 to 25, with the four levels and the year
    line = {"total": 100, "figures": ["15:15", "60:60", "25:25", "0:0"], "four_levels": True, "year": 2025}
    assert [p["kind"] for p in post(line).json()["problems"]] == ["cap"]
    assert post({**line, "cap_percent": 25}).json()["problems"] == []
    [over] = post({**line, "cap_percent": 22.5}).json()["problems"]  # 13 allowed: 15 still over
    assert (over["kind"], over["limit"]) == ("cap", 13)
    refused = post({**line, "cap_percent": 26})
    assert refused.status_code == 400 and refused.json()["field"] == "cap_percent"
    refused = post({**line, "year": 2024, "cap_percent": 25})
    assert refused.status_code == 400 and refused.json()["field"] == "cap_percent"
    assert "Năm 2024 không có quy định" in refused.json()["message"]


@pytest.mark.django_db
def test_check_figures_refuses_bad_figures_with_a_400_naming_the_field(api_as, personas):
    client = api_as("officer")

    def post(data):
        return client.post("/api/reports/check-figures", data, content_type="application/json")

    assert post({"total": 42, "figures": ["8-19"]}).json() == {
        "field": "figures",
        "message": "“8-19” không đúng dạng SỐ_LƯỢNG:TỶ_LỆ (ví dụ 8:19,05).",
    }
    assert post({"total": 42, "figures": ["50:100"]}).json()["message"] == "Số lượng 50 lớn hơn tổng số 42."
    assert post({"total": "bốn hai", "figures": ["8:19"]}).json() == {
        "field": "total",
        "message": "Tổng số “bốn hai” phải là một số nguyên dương.",
    }
    response = post({"total": 42, "figures": []})
    assert response.status_code == 400 and response.json()["field"] == "figures"
    response = client.post("/api/reports/check-figures", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "field": None,
        "message": "Dữ liệu gửi lên không đọc được (phải là JSON hợp lệ, mã hóa UTF-8).",
    }


@pytest.mark.django_db
def test_the_year_report_keeps_its_published_keys(api_as, rated):
    """The JSON is a contract (docs/api.md): the report became a dataclass, its keys and their order did not."""
    report = api_as("officer").get("/api/reports/evaluation", {"org": "D", "year": 2019}).json()
    assert list(report) == [
        "year",
        "organization",
        "scheme",
        "decimals",
        "sections",
        "by_sector",
        "commendations",
        "commendation_groups",
        "superior",
        "narrative",
    ]
    assert list(report["organization"]) == ["code", "name"]
    assert list(report["scheme"]) == ["code", "regulation", "guidance"]
    assert list(report["sections"]) == ["grassroots", "affiliated_cells", "members"]
    section_keys = ["total", "evaluated", "not_evaluated", "levels", "good_or_above", "not_evaluated_reasons"]
    assert list(report["sections"]["grassroots"]) == [*section_keys, "exemplary"]
    assert list(report["sections"]["affiliated_cells"]) == [*section_keys, "exemplary"]
    assert list(report["sections"]["members"]) == section_keys  # no exemplary count for members
    assert list(report["sections"]["members"]["levels"][0]) == ["code", "label", "count", "percent"]
    assert list(report["sections"]["members"]["good_or_above"]) == ["count", "percent"]
    reasons = [r for section in report["sections"].values() for r in section["not_evaluated_reasons"]]
    assert reasons and all(list(reason) == ["reason", "count"] for reason in reasons)
    assert [list(row) for row in report["by_sector"]][:1] == [
        ["sector", "label", "total", "levels", "not_evaluated"]
    ]
    assert list(report["by_sector"][0]["levels"][0]) == ["code", "count"]
