"""Every congress page: an in-scope user gets it, an out-of-scope user is refused (GET and POST);
bad input shows its Vietnamese message next to the field and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.scope import system_actor
from dangbo.congresses import services
from dangbo.congresses.models import Ballot, CongressRound, Election
from dangbo.congresses.rules import Tally
from dangbo.congresses.tests.helpers import committee_election, held_congress

SYSTEM = system_actor("kiểm thử: test_pages")


@pytest.fixture
def client_as(personas):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return make


@pytest.fixture
def counted(small_tree, make_member):
    """W1's congress held, its committee election counted; a second election still voting."""
    congress, people = held_congress(small_tree, make_member, count=4)
    election = committee_election(congress, people, seats=3)
    services.election_open(actor=SYSTEM, election=election)
    ids = [c.pk for c in election.candidates.all()]
    services.election_count(
        actor=SYSTEM,
        election=election,
        issued=9,
        tally=Tally(
            issued=9, returned=9, valid=9, invalid=0, votes=dict(zip(ids, [9, 8, 7, 3], strict=True))
        ),
    )
    delegates = services.election_create(
        actor=SYSTEM, congress=congress, kind="delegates", seats=1, alternates=0
    )
    for person in people[:2]:
        services.candidate_add(actor=SYSTEM, election=delegates, member=person)
    services.election_open(actor=SYSTEM, election=delegates)
    election.refresh_from_db()
    return congress, election, delegates


def _urls(congress, election) -> dict[str, str]:
    return {
        "congress_round": reverse("congress_round", args=[congress.round_id]),
        "congress_round_xlsx": reverse("congress_round_xlsx", args=[congress.round_id]),
        "congress_detail": reverse("congress_detail", args=[congress.pk]),
        "congress_proposal": reverse("congress_proposal", args=[congress.pk]),
        "election_detail": reverse("election_detail", args=[election.pk]),
        "election_minutes": reverse("election_minutes", args=[election.pk]),
        "election_xlsx": reverse("election_xlsx", args=[election.pk]),
    }


NAMED = ("election_detail", "election_minutes", "election_xlsx")  # the candidates by name


def test_in_scope_users_get_every_page(counted, client_as):
    congress, election, _ = counted
    for persona in ("ward_staff", "officer", "viewer"):
        client = client_as(persona)
        assert client.get(reverse("congress_index")).status_code == 200
        for name, url in _urls(congress, election).items():
            response = client.get(url)
            # a read-only viewer follows the progress, not the candidates and ballots by name
            expected = 403 if persona == "viewer" and name in NAMED else 200
            assert response.status_code == expected, (persona, name)
    minutes = client_as("ward_staff").get(_urls(congress, election)["election_minutes"])
    assert minutes["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    from dangbo.audit.models import AuditEntry

    # the minutes and results name the candidates: each download is an audited export
    taken = AuditEntry.objects.filter(action__in=["export.election_minutes", "export.election_results"])
    assert taken.filter(actor__username="phuong1", action="export.election_minutes").exists()
    assert taken.filter(action="export.election_results").count() == 2  # ward_staff, officer


def test_out_of_scope_users_are_refused_on_get(counted, client_as, small_tree, officer):
    congress, election, _ = counted
    w1_round = services.congress_round_open(
        actor=officer,
        organization=small_tree.ward,
        term_start=2021,
        term_end=2026,
        planned_on=date(2021, 5, 1),
    )
    for persona in ("outsider", "secretary_b"):
        client = client_as(persona)
        urls = _urls(congress, election)
        urls["congress_round"] = reverse("congress_round", args=[w1_round.pk])
        urls["congress_round_xlsx"] = reverse("congress_round_xlsx", args=[w1_round.pk])
        for name, url in urls.items():
            if persona == "secretary_b" and name.startswith("congress_round"):
                continue  # cell B's own congress is in W1's round
            assert client.get(url).status_code == 404, (persona, name)


def test_out_of_scope_users_are_refused_on_post(counted, client_as):
    congress, election, delegates = counted
    posts = [
        (
            reverse("congress_detail", args=[congress.pk]),
            {"action": "plan", "plan-planned_on": "01/06/2020", "plan-kind": "members"},
        ),
        (reverse("congress_proposal", args=[congress.pk]), {"committee_size": "5"}),
        (reverse("election_detail", args=[delegates.pk]), {"action": "ballot", "b-marks": []}),
    ]
    for persona in ("outsider", "secretary_b"):
        for url, data in posts:
            assert client_as(persona).post(url, data).status_code == 404, (persona, url)
    for url, data in posts:
        assert client_as("viewer").post(url, data).status_code == 403, url
    assert not Ballot.objects.exists()


def test_opening_a_round_outside_ones_scope_is_refused(small_tree, personas, client_as):
    """Another ward's organization answers on the field as one that does not exist."""
    client = client_as("outsider")
    data = {"term_start": "2020", "term_end": "2025", "planned_on": "01/05/2020"}
    for typed in ("W1", "phuong an binh", "KHONG-CO"):
        response = client.post(reverse("congress_index"), {"org": typed, **data})
        assert response.status_code == 400
        assert response.context["form"].errors["org"] == [
            f"Tổ chức: không có tổ chức mã hoặc tên “{typed}” trong phạm vi của bạn."
        ]
    assert not CongressRound.objects.exists()


def test_the_ward_opens_its_round_by_its_name_typed_without_accents(small_tree, personas, client_as):
    response = client_as("ward_staff").post(
        reverse("congress_index"),
        {
            "org": "dang bo phuong an binh",
            "term_start": "2020",
            "term_end": "2025",
            "planned_on": "01/05/2020",
        },
    )
    assert response.status_code == 302
    assert CongressRound.objects.get().organization == small_tree.ward


def test_the_ward_opens_its_round_from_the_index(small_tree, personas, client_as):
    response = client_as("ward_staff").post(
        reverse("congress_index"),
        {"org": "W1", "term_start": "2020", "term_end": "2025", "planned_on": "01/05/2020"},
    )
    assert response.status_code == 302
    assert CongressRound.objects.get().congresses.count() == 3


def test_a_ballot_with_too_many_marks_shows_the_message_and_writes_nothing(counted, client_as):
    _, _, delegates = counted
    ids = [str(c.pk) for c in delegates.candidates.all()]
    response = client_as("ward_staff").post(
        reverse("election_detail", args=[delegates.pk]), {"action": "ballot", "b-marks": ids}
    )
    assert response.status_code == 400
    errors = response.context["ballot_form"].errors["marks"]
    assert "Phiếu số 1 bầu 2 người, nhiều hơn số lượng được bầu (1)" in errors[0]
    assert not Ballot.objects.exists()


def test_a_tally_that_does_not_add_up_shows_the_message(counted, client_as):
    _, _, delegates = counted
    data = {"action": "tally", "t-issued": "9", "t-returned": "9", "t-valid": "8", "t-invalid": "0"}
    for c in delegates.candidates.all():
        data[f"t-vote_{c.pk}"] = "4"
    response = client_as("ward_staff").post(reverse("election_detail", args=[delegates.pk]), data)
    assert response.status_code == 400
    assert "phải bằng số phiếu thu vào (9)" in response.content.decode()
    delegates.refresh_from_db()
    assert delegates.status == Election.Status.VOTING


def test_the_ward_cannot_approve_its_own_results(counted, client_as):
    congress, _, _ = counted
    response = client_as("ward_staff").post(
        reverse("congress_detail", args=[congress.pk]),
        {
            "action": "stage",
            "stage-stage": "approved",
            "stage-on": "01/06/2020",
            "stage-decision_number": "1",
        },
    )
    assert response.status_code == 403
