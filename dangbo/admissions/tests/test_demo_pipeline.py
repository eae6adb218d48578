"""The demo's pipeline: candidates at every stage, the alerts, and the one admitted counted by the targets."""

from dangbo.accounts.scope import system_actor
from dangbo.admissions import rules
from dangbo.admissions.models import Candidate
from dangbo.admissions.selectors import pipeline_overview
from dangbo.core.dates import today
from dangbo.members.models import MemberEvent
from dangbo.organizations.models import Organization

SYSTEM = system_actor("kiểm thử")


def test_the_demo_has_candidates_at_every_stage(demo, db):
    overview = pipeline_overview(SYSTEM, Organization.objects.get(code="Q9"), today())
    assert all(overview.counts[stage] >= 1 for stage in rules.STAGES), overview.counts
    assert overview.stuck >= 1 and overview.incomplete >= 1 and overview.closed == 1
    cells = {c.organization_id for c in Candidate.objects.all()}
    assert len(cells) >= 3


def test_the_admitted_candidate_is_a_member_with_its_admission_event(demo, db):
    admitted = Candidate.objects.get(stage=rules.ADMITTED)
    assert admitted.member is not None and admitted.member.full_name == admitted.full_name
    event = MemberEvent.objects.get(member=admitted.member, kind=MemberEvent.Kind.ADMISSION)
    assert event.to_organization_id == admitted.organization_id
    assert len(event.details["sponsors"]) == 2
