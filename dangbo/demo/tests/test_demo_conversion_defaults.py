"""The conversion form's default date, for every member of the demo's due list, is one the rule accepts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dangbo.accounts.models import User
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.members import selectors as member_selectors
from dangbo.members import services as member_services
from dangbo.members.models import MemberEvent

pytestmark = pytest.mark.usefixtures("demo", "db")

VALUE = re.compile(r'name="effective_on" value="(\d\d)/(\d\d)/(\d{4})"')


def test_the_prefilled_conversion_date_is_accepted_for_every_member_due():
    officer = User.objects.get(username="bantochuc")
    due = member_selectors.conversions_due(officer, today=today())
    assert len(due) > 50
    client = Client()
    client.force_login(officer)
    refused = []
    for item in due:
        member = item.member
        html = client.get(reverse("member_act", args=[member.pk, "chinh-thuc"])).content.decode()
        found = VALUE.search(html)
        assert found, member.full_name
        prefilled = date(int(found[3]), int(found[2]), int(found[1]))
        savepoint = transaction.savepoint()
        try:
            member_services.member_act(
                actor=officer,
                member=member,
                kind=MemberEvent.Kind.OFFICIAL,
                effective_on=prefilled,
                decision_number="99-QĐ/ĐU",
                decision_date=prefilled,
                issued_by="",
                note="",
                expected_version=member.version,
            )
        except ApplicationError as error:
            refused.append((member.full_name, prefilled, str(error)))
        finally:
            transaction.savepoint_rollback(savepoint)
    assert refused == []
