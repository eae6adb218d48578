"""The decision step of a 2025 cell review (QĐ 366): the score's two parts prefilled from the
proposal, changed at the decision, the band's level beside the chosen one, the parts checked."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dangbo.evaluations.models import MemberRating, OrganizationRating
from dangbo.evaluations.services import member_ratings_propose, organization_rating_record
from dangbo.web.tests.helpers import page_text as html

URL = reverse("review_cell", args=[2025, "W1A"])
D = Decimal


@pytest.fixture
def proposed(small_tree, make_member, personas):
    """Two members of cell A proposed at HTTNV with 25 + 55 and 26 + 58 points."""
    an, binh = (make_member(small_tree.cell_a, name) for name in ("Nguyễn Văn An", "Trần Văn Bình"))
    member_ratings_propose(
        actor=personas["secretary_a"],
        year=2025,
        proposals=[(an, 2), (binh, 2)],
        facts={
            an.pk: {"score_general": D(25), "score_results": D(55), "targets_met_percent": D(100)},
            binh.pk: {"score_general": D(26), "score_results": D(58), "targets_met_percent": D(100)},
        },
    )
    return an, binh


def page_text(response) -> str:
    """The page's text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())


def form_errors(response) -> list[str]:
    """Every error of the page's form, the fields' and the form's."""
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


def decision(members, **extra):
    data = {"stage": "decision", "decision_number": "16-TB/ĐU", "decision_date": "20/12/2025"}
    data.update({f"rank_{m.pk}": "2" for m in members})
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_decision_step_shows_the_proposals_parts_and_the_bands_level(as_user, proposed):
    an, _ = proposed
    response = as_user("ward_staff").get(URL + "?buoc=quyet-dinh")
    form = response.context["form"]
    assert form[f"general_{an.pk}"].value() == D(25) and form[f"results_{an.pk}"].value() == D(55)
    assert f"exceeding_{an.pk}" not in form.fields  # the conditions stay the proposal's
    text = page_text(response)
    assert "Gợi ý theo điểm 80: HTTNV" in text


@pytest.mark.django_db
def test_a_changed_score_with_a_vietnamese_comma_is_stored_and_shown(as_user, proposed):
    an, binh = proposed
    client = as_user("ward_staff")
    response = client.post(
        URL, decision(proposed, **{f"general_{an.pk}": "27,5", f"results_{an.pk}": "60"}), follow=True
    )
    assert form_errors(response) == []
    rating = MemberRating.objects.get(member=an, year=2025)
    assert (rating.decided_score_general, rating.decided_score_results) == (D("27.5"), D(60))
    assert (rating.proposed_score_general, rating.proposed_score_results) == (D(25), D(55))
    assert "Quyết định: 27,5 + 60 điểm" in page_text(response)
    history = page_text(client.get(reverse("review_member", args=[2025, an.pk])))
    assert "Điểm quyết định: 27,5 + 60 điểm" in history and "Chi bộ chấm: 25 + 55 điểm" in history
    # the other member's parts were posted unchanged: the proposal's, on the decision's record
    other = MemberRating.objects.get(member=binh, year=2025)
    assert (other.decided_score_general, other.decided_score_results) == (D(26), D(58))


@pytest.mark.django_db
def test_a_decision_above_the_band_asks_for_the_reason_and_the_suggestion_follows_the_typed_score(
    as_user, proposed
):
    an, _ = proposed
    posted = decision(proposed, **{f"general_{an.pk}": "20", f"results_{an.pk}": "40,5"})
    response = as_user("ward_staff").post(URL, posted)
    assert response.status_code == 200
    errors = " ".join(form_errors(response))
    assert "Điểm 60,5 chỉ cho phép mức “Hoàn thành nhiệm vụ”" in errors and "Điều 11" in errors
    assert "Gợi ý theo điểm 60,5: HTNV khác mức đã chọn" in page_text(response)
    assert MemberRating.objects.get(member=an, year=2025).rank is None
    posted["override_reason"] = "Hoàn thành tốt nhiệm vụ đột xuất."
    as_user("ward_staff").post(URL, posted)
    rating = MemberRating.objects.get(member=an, year=2025)
    assert rating.rank == 2 and rating.decided_score_results == D("40.5") and rating.override_reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("general", "results", "message"),
    [
        ("31", "50", "Điểm tiêu chí chung của Nguyễn Văn An phải từ 0 đến 30."),
        ("20", "70,5", "Điểm kết quả thực hiện nhiệm vụ của Nguyễn Văn An phải từ 0 đến 70."),
        ("-1", "50", "Điểm tiêu chí chung của Nguyễn Văn An phải từ 0 đến 30."),
        ("abc", "50", "Điểm tiêu chí chung của Nguyễn Văn An phải là một số, ví dụ 25,5."),
        ("2\u200b0", "50", "Điểm tiêu chí chung của Nguyễn Văn An phải là một số, ví dụ 25,5."),
        ("9" * 400, "50", "Điểm tiêu chí chung của Nguyễn Văn An"),
        ("1e3", "50", "Điểm tiêu chí chung của Nguyễn Văn An"),
        ("NaN", "50", "Điểm tiêu chí chung của Nguyễn Văn An"),
        ("20", "", "Phải nhập điểm kết quả thực hiện nhiệm vụ của Nguyễn Văn An"),
    ],
)
def test_bad_parts_are_named_and_nothing_is_written(as_user, proposed, general, results, message):
    an, _ = proposed
    response = as_user("ward_staff").post(
        URL, decision(proposed, **{f"general_{an.pk}": general, f"results_{an.pk}": results})
    )
    assert response.status_code == 200
    assert any(message in e for e in form_errors(response)), form_errors(response)
    assert not MemberRating.objects.filter(year=2025, rank__isnull=False).exists()


@pytest.mark.django_db
def test_both_parts_left_empty_keep_the_proposals_score(as_user, proposed):
    an, _ = proposed
    as_user("ward_staff").post(URL, decision(proposed, **{f"general_{an.pk}": "", f"results_{an.pk}": ""}))
    rating = MemberRating.objects.get(member=an, year=2025)
    assert rating.rank == 2 and (rating.decided_score_general, rating.decided_score_results) == (D(25), D(55))


@pytest.mark.django_db
def test_a_collectives_decision_on_the_organizations_page_takes_its_parts(as_user, small_tree, personas):
    organization_rating_record(
        actor=personas["ward_staff"], organization=small_tree.cell_b, year=2025, stage="proposal", rank=2,
        score_general=D(25), score_results=D(55),
    )  # fmt: skip
    url = reverse("review_organizations", args=[2025, "W1"])
    client = as_user("ward_staff")
    page = client.get(url)
    prefix = f"u{small_tree.cell_b.pk}"
    form = next(
        line["form"] for line in page.context["lines"] if line["row"].organization == small_tree.cell_b
    )
    assert form["score_general"].value() == D(25)
    response = client.post(
        url,
        {
            "don_vi": str(small_tree.cell_b.pk),
            f"{prefix}-stage": "decision",
            f"{prefix}-rank": "2",
            f"{prefix}-decision_number": "17-QĐ/ĐU",
            f"{prefix}-decision_date": "22/12/2025",
            f"{prefix}-score_general": "24,5",
            f"{prefix}-score_results": "50",
            f"{prefix}-tasks_done_percent": "100",
        },
        follow=True,
    )
    rating = OrganizationRating.objects.get(organization=small_tree.cell_b, year=2025)
    assert (rating.decided_score_general, rating.score, rating.decision_date) == (
        D("24.5"), D("74.5"), date(2025, 12, 22),
    )  # fmt: skip
    assert "Quyết định: 24,5 + 50 điểm" in page_text(response)
