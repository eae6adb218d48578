"""The rows a page writes in Python rather than by a template loop (issue 18: the pages' server
time) are the HTML the template loop wrote: each is compared here with the loop it replaced,
rendered by Django's templates on the same rows, with names that must be escaped and codes that
must be quoted."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template

from dangbo.members import selectors as member_selectors
from dangbo.members.tree_counts import tree
from dangbo.organizations.models import Kind, Sector
from dangbo.organizations.services import Decision, organization_establish
from dangbo.web.templatetags.dangbo_web import member_rows, period_member_rows, select_options
from dangbo.web.tree import flatten, render_rows

pytestmark = pytest.mark.django_db

DAY = date(2019, 6, 30)

# the loops as web/_tree.html and web/member_list.html wrote them before
TREE_LOOP = """{% for row in rows %}
    {% if row.has_children %}<details class="node"{% if row.is_open %} open{% endif %}><summary class="row">{% else %}<div class="row leaf">{% endif %}
      <span class="name"><a href="{% url 'org_detail' row.node.organization.code %}{% if ngay %}?ngay={{ ngay|urlencode }}{% endif %}">{{ row.node.version.name }}</a> <small class="kind">{{ row.kind_label }}</small></span>
      <span class="num">{% if row.shows_grassroots %}{{ row.node.grassroots|vn_number }}{% endif %}</span>
      <span class="num">{{ row.node.counts.probationary|vn_number }}</span>
      <span class="num">{{ row.node.counts.official|vn_number }}</span>
      <span class="num total">{{ row.node.total|vn_number }}</span>
    {% if row.has_children %}</summary><div class="children">{% else %}</div>{% endif %}
    {% for _ in row.close_range %}</div></details>{% endfor %}
  {% endfor %}"""  # noqa: E501

MEMBER_LOOP = """{% load dangbo_web %}{% for member in page.object_list %}
      <tr>
        <td class="num stack-hide">{{ page.start_index|add:forloop.counter0|vn_number }}</td>
        <td class="lead"><a href="{% url 'member_detail' member.pk %}">{{ member.full_name }}</a></td>
        <td data-label="Giới tính">{{ member.get_sex_display }}</td>
        <td data-label="Ngày sinh">{{ member.birth_date|vn_date }}</td>
        <td class="org">{{ member.organization|org_name }}</td>
        <td><span class="badge status-{{ member.status }}">{{ member.get_status_display }}</span>{% if member.exempted %} <span class="badge">miễn SH</span>{% endif %}</td>
        <td data-label="Ngày vào Đảng">{{ member.admitted_on|vn_date }}</td>
        <td data-label="Ngày chính thức">{{ member.official_on|vn_date }}</td>
        <td class="mono" data-label="Số CCCD">{{ member.cccd|mask_cccd }}</td>
      </tr>
    {% endfor %}"""  # noqa: E501

PERIOD_LOOP = """{% for member, period in member_rows %}
      <tr>
        <td class="lead"><a href="{% url 'member_detail' member.pk %}">{{ member.full_name }}</a></td>
        <td data-label="Giới tính">{{ member.get_sex_display }}</td>
        <td data-label="Ngày sinh">{{ member.birth_date|vn_date }}</td>
        <td class="org">{{ period.organization|org_name }}</td>
        <td>{% if period %}<span class="badge status-{{ period.status }}">{{ period.get_status_display }}</span>{% if period.exempted %} <span class="badge">miễn SH</span>{% endif %}{% endif %}</td>
        <td data-label="Ngày vào Đảng">{{ member.admitted_on|vn_date }}</td>
      </tr>
    {% endfor %}"""  # noqa: E501

OPTION_LOOP = """{% for value, label in org_options %}<option value="{{ value }}"{% if value == code %} selected{% endif %}>{{ label }}</option>{% endfor %}"""  # noqa: E501


def _odd_cell(small_tree):
    """A cell whose name holds characters HTML escapes and whose code a URL quotes."""
    from dangbo.accounts.scope import system_actor

    return organization_establish(
        actor=system_actor("kiểm thử"),
        code="W1 Ư&<",
        name='Chi bộ "A" & <B>',
        kind=Kind.AFFILIATED_CELL,
        sector=Sector.RESIDENTIAL,
        parent=small_tree.ward,
        effective_on=date(2015, 1, 1),
        decision=Decision(number="02-QĐ/ĐU", date=date(2015, 1, 1)),
    )


@pytest.mark.parametrize("ngay", ["", "30/06/2019", "a b&c"])
def test_tree_rows_are_the_template_loop(small_tree, make_member, officer, ngay):
    make_member(small_tree.cell_a)
    make_member(
        small_tree.school,
        status="probationary",
        admitted=date(2018, 9, 1),
        on=date(2018, 9, 1),
        cccd="079180000002",
    )
    root = tree(officer, small_tree.district, DAY)
    assert root is not None
    rows = flatten(root)
    assert any(row.closes > 1 for row in rows) and any(not row.has_children for row in rows)
    expected = Template(TREE_LOOP).render(Context({"rows": rows, "ngay": ngay}))
    assert render_rows(rows, ngay) == expected


def test_tree_rows_escape_names_and_quote_codes(small_tree, officer):
    _odd_cell(small_tree)
    root = tree(officer, small_tree.district, DAY)
    assert root is not None
    rows = flatten(root)
    html = render_rows(rows)
    assert html == Template(TREE_LOOP).render(Context({"rows": rows, "ngay": ""}))
    assert "&lt;B&gt;" in html and "<B>" not in html
    assert "/to-chuc/W1%20%C6%AF&amp;%3C/" in html


def test_member_rows_are_the_template_loop(small_tree, make_member):
    make_member(small_tree.cell_a, 'Lê "Văn" <An> & Co', cccd="079180000001")
    make_member(
        small_tree.cell_b,
        "Trần Thị Bình",
        status="probationary",
        admitted=date(2018, 9, 1),
        on=date(2018, 9, 1),
    )
    make_member(small_tree.school, "Phạm Văn Cường", sex="female", cccd="079180000003")
    from dangbo.members.models import Member

    members = list(Member.objects.select_related("organization").order_by("sort_key", "pk"))
    members[1].exempted = True
    for number in (1, 2):
        page = Paginator(members, 2).page(number)
        expected = Template(MEMBER_LOOP).render(Context({"page": page}))
        assert member_rows(page) == expected


def test_period_member_rows_are_the_template_loop(small_tree, make_member, officer):
    from dangbo.members.models import Member

    make_member(small_tree.cell_a, 'Lê "Văn" <An> & Co', cccd="079180000001")
    make_member(
        small_tree.cell_b,
        "Trần Thị Bình",
        status="probationary",
        admitted=date(2018, 9, 1),
        on=date(2018, 9, 1),
    )
    outside = make_member(small_tree.school, "Phạm Văn Cường", sex="female", cccd="079180000003")
    members = list(member_selectors.members_on(officer, small_tree.district, DAY))
    periods = member_selectors.periods_on([m.pk for m in members], DAY)
    periods[members[0].pk].exempted = True
    rows = [(m, periods.get(m.pk)) for m in members]
    rows.append((Member.objects.get(pk=outside.pk), None))  # a member without a period that day
    expected = Template(PERIOD_LOOP).render(Context({"member_rows": rows}))
    assert period_member_rows(rows) == expected
    assert "&lt;An&gt;" in expected


def test_select_options_are_the_template_loop():
    options = [
        ("D", "Đảng bộ Quận Thử"),
        ("W1", '\u00a0\u00a0\u00a0\u00a0Đảng bộ <phường> & "An"'),
        ("S1", "x"),
    ]
    for code in ("", "W1", "S1", "nothing"):
        expected = Template(OPTION_LOOP).render(Context({"org_options": options, "code": code}))
        assert select_options(options, code) == expected


def test_members_on_reads_the_same_members_dense_or_not(small_tree, make_member, officer):
    for i, cell in enumerate(
        [small_tree.cell_a, small_tree.cell_b, small_tree.school, small_tree.other_cell]
    ):
        for j in range(3):
            make_member(
                cell, ["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"][j], cccd=f"0791800{i}{j:04d}"
            )
    for organization in (small_tree.district, small_tree.ward, small_tree.cell_a):
        for day in (DAY, date(2014, 1, 1)):
            sparse = member_selectors.members_on(officer, organization, day)
            dense = member_selectors.members_on(officer, organization, day, dense=True)
            assert list(dense.values_list("pk", flat=True)) == list(sparse.values_list("pk", flat=True))
            assert dense.count() == sparse.count()
    assert not member_selectors.dense_subtree(12)  # fewer than DENSE_MINIMUM: sorted at once
    assert member_selectors.dense_subtree(member_selectors.DENSE_MINIMUM)  # 12 members on the books


def test_a_large_share_of_the_members_is_dense(small_tree, make_member, monkeypatch):
    for i in range(12):
        make_member(small_tree.cell_a, cccd=f"07918100{i:04d}")
    monkeypatch.setattr(member_selectors, "DENSE_MINIMUM", 1)
    assert member_selectors.dense_subtree(2)  # 2 of 12: at least a tenth
    assert not member_selectors.dense_subtree(1)  # 1 of 12: less
    monkeypatch.setattr(member_selectors, "DENSE_MINIMUM", 3)
    assert not member_selectors.dense_subtree(2)  # below the minimum, whatever the share
