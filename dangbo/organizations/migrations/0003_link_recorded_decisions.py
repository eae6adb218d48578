"""Link the decisions recorded before corrections existed to what they did, so that they can be
corrected or withdrawn too: each version to the decision that opened it and the one that closed it
(same organization, same day; a move's sub-units too), each part of a merge or a split to its principal
(same decision number, date and day). What cannot be told apart stays unlinked, and its withdrawal is
refused (organization_decision_withdraw)."""

from collections import defaultdict

from django.db import migrations

OPENING = {"establish", "rename", "move", "change_kind"}
CLOSING = {"rename", "move", "change_kind", "dissolve", "merge", "split"}


def link(apps, schema_editor):
    Event = apps.get_model("organizations", "OrganizationEvent")
    Version = apps.get_model("organizations", "OrganizationVersion")
    Organization = apps.get_model("organizations", "Organization")
    codes = dict(Organization.objects.values_list("code", "pk"))
    versions = list(Version.objects.all().only("pk", "organization_id", "valid_from", "valid_to", "path"))
    by_start = defaultdict(list)
    by_end = defaultdict(list)
    for v in versions:
        by_start[(v.organization_id, v.valid_from)].append(v)
        by_end[(v.organization_id, v.valid_to)].append(v)
    opened, closed = {}, {}
    events = list(Event.objects.order_by("effective_on", "pk"))
    for e in events:
        key = (e.organization_id, e.effective_on)
        if e.action in OPENING:
            for v in by_start.get(key, []):
                opened.setdefault(v.pk, e.pk)
        if e.action in CLOSING:
            for v in by_end.get(key, []):
                closed.setdefault(v.pk, e.pk)
    starts_on = defaultdict(list)
    for v in versions:
        starts_on[v.valid_from].append(v)
    for e in events:
        if e.action != "move":
            continue
        mover = [v for v in by_start.get((e.organization_id, e.effective_on), [])]
        for head in mover:
            for v in starts_on[e.effective_on]:
                if v.path.startswith(head.path) and v.pk != head.pk:
                    opened.setdefault(v.pk, e.pk)
                    for before in by_end.get((v.organization_id, e.effective_on), []):
                        closed.setdefault(before.pk, e.pk)
    for v in versions:
        changed = []
        if v.pk in opened:
            v.opened_by_id = opened[v.pk]
            changed.append("opened_by")
        if v.pk in closed:
            v.closed_by_id = closed[v.pk]
            changed.append("closed_by")
        if changed:
            v.save(update_fields=changed)

    def same(a, b):
        return (a.decision_number, a.decision_date, a.effective_on) == (b.decision_number, b.decision_date, b.effective_on)

    by_day = defaultdict(list)
    for e in events:
        by_day[e.effective_on].append(e)
    for e in events:
        details = e.details or {}
        if e.action == "merge" and details.get("merged"):
            sources = {codes.get(c) for c in details["merged"]}
            for other in by_day[e.effective_on]:
                if other.pk == e.pk or other.part_of_id or not same(e, other):
                    continue
                if (other.action == "merge" and other.organization_id in sources) or (
                    other.action == "move" and other.counterpart_id == e.organization_id
                ):
                    other.part_of_id = e.pk
                    other.save(update_fields=["part_of"])
        if e.action == "split" and details.get("into"):
            created = {codes.get(c) for c in details["into"]}
            for other in by_day[e.effective_on]:
                if other.action == "establish" and other.organization_id in created and same(e, other):
                    other.part_of_id = e.pk
                    other.save(update_fields=["part_of"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_decision_corrections")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
