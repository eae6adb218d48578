"""The pipeline's services over the small tree: a candidate brought through every step by the cell
secretary and the ward's staff, the admission in one step (counted by the targets), the refusals that
write nothing, the scope of each persona."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from dangbo.admissions import rules, services
from dangbo.admissions.models import Candidate, CandidateStep
from dangbo.admissions.selectors import candidate_for, pipeline_overview
from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, NotFound, PermissionDenied, PersonalDataDenied
from dangbo.members.models import Member, MemberEvent
from dangbo.targets.selectors import year_events

DAY = date(2026, 3, 2)


@pytest.fixture
def world(small_tree, personas, make_member):
    sponsors = [
        make_member(small_tree.cell_a, "Nguyễn Văn Giới"),
        make_member(small_tree.cell_a, "Trần Thị Thiệu"),
        make_member(small_tree.cell_a, "Lê Văn Dự", status="probationary", admitted=date(2014, 9, 1)),
    ]
    return small_tree, personas, sponsors


def _add(actor, cell, name="Phạm Minh Tuấn", **extra):
    profile = {"full_name": name, "sex": "male", "birth_date": date(2000, 4, 5), **extra}
    return services.candidate_add(actor=actor, cell=cell, profile=profile, listed_on=date(2026, 1, 5))


def _through_dossier(actor, candidate, sponsors):
    for index, kind in enumerate(rules.DOSSIER):
        choices = [services.SponsorChoice(m, 18) for m in sponsors[:2]] if kind == rules.SPONSORS else []
        services.candidate_step_record(
            actor=actor,
            candidate=candidate,
            kind=kind,
            done_on=date(2026, 1, 10 + index),
            reference="x" if kind != rules.SPONSORS else "",
            sponsors=choices,
        )


def test_a_candidate_goes_through_every_step_to_a_member_counted_by_the_targets(world):
    tree, people, sponsors = world
    secretary, ward = people["secretary_a"], people["ward_staff"]
    candidate = _add(secretary, tree.cell_a)
    _through_dossier(secretary, candidate, sponsors)
    candidate.refresh_from_db()
    assert candidate.stage == rules.RESOLUTION
    services.candidate_step_record(
        actor=secretary,
        candidate=candidate,
        kind=rules.RESOLUTION,
        done_on=DAY,
        reference="05-NQ/CB",
        in_favour=2,
    )
    # the cell secretary may not propose for the ward nor decide: the ward's staff does
    with pytest.raises(PermissionDenied) as refused:
        services.candidate_step_record(
            actor=secretary, candidate=candidate, kind=rules.PROPOSAL, done_on=DAY, reference="12-TTr/ĐU"
        )
    assert "đảng ủy cơ sở" in refused.value.message
    services.candidate_step_record(
        actor=ward, candidate=candidate, kind=rules.PROPOSAL, done_on=DAY, reference="12-TTr/ĐU"
    )
    with pytest.raises(PermissionDenied):
        services.candidate_admit(
            actor=secretary,
            candidate=candidate,
            decision_number="30-QĐ/ĐU",
            decision_date=DAY,
            effective_on=DAY,
        )
    assert not Member.objects.filter(full_name="Phạm Minh Tuấn").exists()
    member = services.candidate_admit(
        actor=ward,
        candidate=candidate,
        decision_number="30-QĐ/ĐU",
        decision_date=DAY,
        effective_on=DAY,
        issued_by="Đảng ủy phường An Bình",
        ceremony_on=date(2026, 3, 9),
    )
    candidate.refresh_from_db()
    assert candidate.stage == rules.ADMITTED and candidate.member == member
    assert (
        member.status == "probationary" and member.admitted_on == DAY and member.organization == tree.cell_a
    )
    event = MemberEvent.objects.get(member=member, kind=MemberEvent.Kind.ADMISSION)
    assert event.details["sponsors"] == [sponsors[0].pk, sponsors[1].pk]
    assert event.details["ceremony_on"] == "2026-03-09"
    events, _ = year_events(tree.district, 2026)
    assert [(cell, day) for cell, day, _ in events.admissions] == [(tree.cell_a.pk, DAY)]
    actions = list(AuditEntry.objects.filter(target_id=str(candidate.pk)).values_list("action", flat=True))
    assert "admission.candidate_add" in actions and "admission.admit" in actions
    assert actions.count("admission.step") == len(rules.DOSSIER) + 2
    # nothing more is written on an admitted candidate
    with pytest.raises(ApplicationError):
        services.candidate_close(actor=ward, candidate=candidate, closed_on=DAY, reason="nhầm")


def test_the_resolution_needs_the_whole_dossier_and_two_thirds(world):
    tree, people, sponsors = world
    secretary = people["secretary_a"]
    candidate = _add(secretary, tree.cell_a)
    with pytest.raises(ApplicationError) as early:
        services.candidate_step_record(
            actor=secretary,
            candidate=candidate,
            kind=rules.RESOLUTION,
            done_on=DAY,
            reference="1",
            in_favour=2,
        )
    assert "Hồ sơ chưa đủ" in early.value.message
    _through_dossier(secretary, candidate, sponsors)
    # two official members in cell A on the day (the third is probationary): 1 of 2 is not two thirds
    with pytest.raises(ApplicationError) as vote:
        services.candidate_step_record(
            actor=secretary,
            candidate=candidate,
            kind=rules.RESOLUTION,
            done_on=DAY,
            reference="1",
            in_favour=1,
        )
    assert "1/2" in vote.value.message and "hai phần ba" in vote.value.message
    assert not CandidateStep.objects.filter(candidate=candidate, kind=rules.RESOLUTION).exists()


def test_a_probationary_or_too_recent_sponsor_is_refused_and_nothing_written(world):
    tree, people, sponsors = world
    secretary = people["secretary_a"]
    candidate = _add(secretary, tree.cell_a)
    for index, kind in enumerate(rules.DOSSIER[:-1]):
        services.candidate_step_record(
            actor=secretary, candidate=candidate, kind=kind, done_on=date(2026, 1, 10 + index)
        )
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as probationary:
        services.candidate_step_record(
            actor=secretary,
            candidate=candidate,
            kind=rules.SPONSORS,
            done_on=DAY,
            sponsors=[services.SponsorChoice(sponsors[0], 24), services.SponsorChoice(sponsors[2], 24)],
        )
    assert "Lê Văn Dự" in probationary.value.message and "chính thức" in probationary.value.message
    with pytest.raises(ApplicationError) as recent:
        services.candidate_step_record(
            actor=secretary,
            candidate=candidate,
            kind=rules.SPONSORS,
            done_on=DAY,
            sponsors=[services.SponsorChoice(sponsors[0], 24), services.SponsorChoice(sponsors[1], 11)],
        )
    assert "12 tháng" in recent.value.message
    assert AuditEntry.objects.count() == before
    assert not CandidateStep.objects.filter(candidate=candidate, kind=rules.SPONSORS).exists()


def test_an_under_age_candidate_is_refused_at_the_decision_and_nothing_is_half_written(world):
    tree, people, sponsors = world
    secretary, ward = people["secretary_a"], people["ward_staff"]
    candidate = _add(secretary, tree.cell_a, name="Võ Thị Nhỏ", birth_date=date(2008, 6, 1))
    _through_dossier(secretary, candidate, sponsors)
    services.candidate_step_record(
        actor=secretary, candidate=candidate, kind=rules.RESOLUTION, done_on=DAY, reference="1", in_favour=2
    )
    services.candidate_step_record(
        actor=ward, candidate=candidate, kind=rules.PROPOSAL, done_on=DAY, reference="2"
    )
    entries = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.candidate_admit(
            actor=ward, candidate=candidate, decision_number="9", decision_date=DAY, effective_on=DAY
        )
    assert "18 tuổi" in refused.value.message
    assert not Member.objects.filter(full_name="Võ Thị Nhỏ").exists()
    assert not CandidateStep.objects.filter(candidate=candidate, kind=rules.DECISION).exists()
    assert AuditEntry.objects.count() == entries
    candidate.refresh_from_db()
    assert candidate.stage == rules.DECISION and candidate.member is None


def test_steps_out_of_order_or_twice_are_refused(world):
    tree, people, _ = world
    secretary = people["secretary_a"]
    candidate = _add(secretary, tree.cell_a)
    with pytest.raises(ApplicationError) as order:
        services.candidate_step_record(
            actor=secretary, candidate=candidate, kind=rules.APPLICATION, done_on=DAY
        )
    assert "lớp bồi dưỡng" in order.value.message
    services.candidate_step_record(actor=secretary, candidate=candidate, kind=rules.COURSE, done_on=DAY)
    with pytest.raises(ApplicationError):
        services.candidate_step_record(actor=secretary, candidate=candidate, kind=rules.COURSE, done_on=DAY)
    with pytest.raises(ApplicationError) as earlier:
        services.candidate_step_record(
            actor=secretary, candidate=candidate, kind=rules.APPLICATION, done_on=date(2026, 3, 1)
        )
    assert earlier.value.field == "done_on"


def test_hostile_text_is_refused_naming_the_field(world):
    tree, people, _ = world
    secretary = people["secretary_a"]
    with pytest.raises(ApplicationError) as bad_name:
        _add(secretary, tree.cell_a, name="Nguyễn Văn\x07 An")
    assert bad_name.value.field == "full_name"
    with pytest.raises(ApplicationError) as bad_cccd:
        _add(secretary, tree.cell_a, cccd="12345")
    assert bad_cccd.value.field == "cccd"
    candidate = _add(secretary, tree.cell_a)
    with pytest.raises(ApplicationError) as control:
        services.candidate_step_record(
            actor=secretary, candidate=candidate, kind=rules.COURSE, done_on=DAY, reference="a\x00b"
        )
    assert control.value.field == "reference"
    assert Candidate.objects.count() == 1


def test_each_persona_sees_and_changes_only_its_own(world):
    tree, people, _ = world
    candidate_a = _add(people["secretary_a"], tree.cell_a)
    candidate_b = _add(people["secretary_b"], tree.cell_b, name="Hồ Văn Bê")
    # a secretary sees their own cell's candidate, not the neighbour's (not found, not "forbidden")
    assert candidate_for(people["secretary_a"], candidate_a.pk) == candidate_a
    with pytest.raises(NotFound):
        candidate_for(people["secretary_a"], candidate_b.pk)
    with pytest.raises(PermissionDenied):
        _add(people["secretary_a"], tree.cell_b)
    with pytest.raises(PermissionDenied):
        services.candidate_step_record(
            actor=people["outsider"], candidate=candidate_a, kind=rules.COURSE, done_on=DAY
        )
    # the viewer counts them per stage but never reads a name
    with pytest.raises(PersonalDataDenied):
        candidate_for(people["viewer"], candidate_a.pk)
    overview = pipeline_overview(people["viewer"], tree.district, DAY)
    assert overview.counts[rules.COURSE] == 2 and overview.rows == [] and overview.hidden == 2
    mine = pipeline_overview(people["secretary_a"], tree.cell_a, DAY)
    assert [r.candidate.full_name for r in mine.rows] == ["Phạm Minh Tuấn"]
    with pytest.raises(PermissionDenied):
        pipeline_overview(people["outsider"], tree.ward, DAY)
    with pytest.raises(PermissionDenied):
        services.candidate_add(
            actor=people["viewer"],
            cell=tree.cell_a,
            profile={"full_name": "Đinh Văn Xem", "sex": "male", "birth_date": date(2000, 1, 1)},
            listed_on=DAY,
        )


def test_the_command_prints_the_counts_per_stage_and_refuses_bad_input(world, capsys):
    tree, people, _ = world
    _add(people["secretary_a"], tree.cell_a)
    call_command("admission_pipeline", "--org", "d", "--format", "json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["organization"] == "D" and data["stages"]["course"] == 1 and data["total"] == 1
    assert list(data["stages"]) == list(rules.STAGES)
    assert "Phạm" not in json.dumps(data, ensure_ascii=False)
    entries = AuditEntry.objects.count()
    with pytest.raises(CommandError) as unknown:
        call_command("admission_pipeline", "--org", "KHONGCO", "--format", "json")
    assert "Không có tổ chức đảng mã" in str(unknown.value)
    with pytest.raises(CommandError) as fmt:
        call_command("admission_pipeline", "--org", "D", "--format", "xml")
    assert "không được hỗ trợ" in str(fmt.value)
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("action", "change"),
    [
        ("admission.candidate_plan", {"resolution_planned_on": date(2026, 5, 4)}),
        ("admission.candidate_close", {"closed_on": date(2026, 5, 4), "reason": "Chuyển công tác"}),
    ],
)
def test_a_change_made_on_a_stale_version_is_refused_and_a_fresh_one_is_saved_with_its_entry(
    world, action, change
):
    tree, people, _ = world
    secretary = people["secretary_a"]
    candidate = _add(secretary, tree.cell_a)
    service = getattr(services, action.removeprefix("admission."))
    entries = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        service(actor=secretary, candidate=candidate, expected_version=candidate.version - 1, **change)
    assert refused.value.field == "version" and "người khác cập nhật" in refused.value.message
    assert AuditEntry.objects.count() == entries
    saved = service(actor=secretary, candidate=candidate, expected_version=candidate.version, **change)
    assert saved.version == candidate.version + 1
    assert Candidate.objects.get(pk=candidate.pk).version == saved.version
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == action and entry.scope_path == tree.cell_a.path
