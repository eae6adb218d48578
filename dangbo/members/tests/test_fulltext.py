"""The member search's index: on SQLite the FTS5 trigram table follows every write (service, bulk,
raw SQL) and answers exactly what the LIKE scan answers; a whole CCCD or party card number goes to
its unique index."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.members import fulltext, selectors
from dangbo.members.models import Member
from dangbo.members.services import member_update_profile

NAMES = ["Nguyễn Văn An", "Nguyễn Thị Vân Anh", "Trần Đức Bình", 'Lê "Út" Nhỏ', "Khúc Thừa Dụ"]
PHRASES = [
    "nguyen van a",
    "van a",
    "an",
    "duc",
    "ức",
    "nguyễn",
    "079",
    "0791950",
    '"ut"',
    'le "',
    "NOT",
    "an OR binh",
    "*",
    "nh*",
    "NEAR(an binh)",
    "thua du",
    "zzz",
]


@pytest.fixture
def people(small_tree, make_member):
    return [
        make_member(small_tree.cell_a if i % 2 else small_tree.cell_b, name, cccd=f"0791950{i:05d}")
        for i, name in enumerate(NAMES)
    ]


def _found(user, phrase):
    return {m.full_name for m in selectors.search_members(user, query=phrase, statuses=())}


def test_the_index_is_installed_on_sqlite(db):
    assert fulltext.in_use() is (connection.vendor == "sqlite")


@pytest.mark.parametrize("phrase", PHRASES)
def test_the_index_answers_what_the_scan_answers(people, officer, phrase):
    from dangbo.core.text import fold

    folded = fold(phrase)
    expected = set(Member.objects.filter(search_text__contains=folded).values_list("full_name", flat=True))
    assert _found(officer, phrase) == expected


def test_the_index_follows_a_rename_and_raw_writes(people, officer):
    member = people[2]
    member_update_profile(
        actor=officer, member=member, changes={"full_name": "Trần Đức Bảo"}, expected_version=None
    )
    assert _found(officer, "duc bao") == {"Trần Đức Bảo"}
    assert _found(officer, "duc binh") == set()
    # a write that bypasses the services (the import's bulk update, a repair in SQL) is followed too
    Member.objects.filter(pk=member.pk).update(search_text="tran duc cuong 079195000002")
    assert _found(officer, "duc cuong") == {"Trần Đức Bảo"}
    assert _found(officer, "duc bao") == set()


def test_a_query_is_a_phrase_never_fts_syntax(people, officer):
    # operators, quotes and stars are characters to find, never the index's query language
    for phrase in ('"', '""', 'a" OR "b', "an*", "-an", "(an)", "an AND", "^an", "an:b", "\\"):
        _found(officer, phrase)


def test_a_whole_cccd_reads_its_unique_index(people, officer):
    with CaptureQueriesContext(connection) as queries:
        found = _found(officer, "079195000003")
    assert found == {NAMES[3]}
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    # no search over the folded text (the scope's path filter may use LIKE on PostgreSQL)
    assert (
        not re.search(r'search_text"(::text)? (I?LIKE|%)', sql, re.IGNORECASE) and fulltext.TABLE not in sql
    )
    assert _found(officer, "0791 9500 0003") == set()  # not a whole CCCD: a phrase, as typed


def test_a_whole_party_card_number_reads_its_unique_index(people, officer, personas):
    holder = people[2]
    member_update_profile(
        actor=officer, member=holder, changes={"party_card_number": "79195000"}, expected_version=None
    )
    with CaptureQueriesContext(connection) as queries:
        found = _found(officer, "79195000")
    assert found == {NAMES[2]}  # not the five CCCDs 0791950…, which contain these digits too
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert (
        not re.search(r'search_text"(::text)? (I?LIKE|%)', sql, re.IGNORECASE) and fulltext.TABLE not in sql
    )
    # digits that are no one's card: the members whose text contains them, as before
    assert _found(officer, "7919500") == set(NAMES)
    # the holder outside the user's scope: the digits are searched in the scope as a phrase (cell A's
    # CCCDs 079195000001 and 079195000003 contain them)
    assert holder.organization_id != personas["secretary_a"].roles.get().organization_id
    assert _found(personas["secretary_a"], "79195000") == {NAMES[1], NAMES[3]}


def test_the_search_stays_in_the_scope(people, personas):
    # cell A's secretary finds the cell's members only, through the index as through the scan
    found = _found(personas["secretary_a"], "079195")
    assert found == {NAMES[1], NAMES[3]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_the_index_survives_the_install_twice_and_a_rebuild(people, officer):
    with connection.cursor() as cursor:
        assert fulltext.install(cursor.execute) is True
        fulltext.drop_triggers(cursor.execute)
        cursor.execute(
            "UPDATE members_member SET search_text = 'x' || search_text WHERE id = %s", [people[0].pk]
        )
        fulltext.restore(cursor.execute)
    assert _found(officer, "xnguyen van an") == {NAMES[0]}
