"""`path__under` selects exactly a subtree, on SQLite (a range) as on PostgreSQL (LIKE)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.organizations.models import Organization


def _org(code: str, path: str) -> Organization:
    return Organization.objects.create(
        code=code, name=code, path=path, established_on=date(2015, 1, 1), kind="grassroots_cell"
    )


def test_it_selects_the_subtree_and_not_a_sibling_sharing_the_digits(db):
    for code, path in [
        ("A", "/1/7/"),
        ("A1", "/1/7/23/"),
        ("A2", "/1/7/23/99/"),
        ("B", "/1/70/"),
        ("B1", "/1/70/5/"),
        ("C", "/1/8/"),
        ("ROOT", "/1/"),
    ]:
        _org(code, path)
    under = set(Organization.objects.filter(path__under="/1/7/").values_list("code", flat=True))
    assert under == {"A", "A1", "A2"}
    assert under == set(Organization.objects.filter(path__startswith="/1/7/").values_list("code", flat=True))
    assert Organization.objects.filter(path__under="/1/").count() == 7


def test_on_sqlite_it_is_a_range_the_index_can_answer(db):
    with CaptureQueriesContext(connection) as queries:
        list(Organization.objects.filter(path__under="/1/7/"))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "sqlite":
        assert ">= '/1/7/'" in sql and "< '/1/70'" in sql and "LIKE" not in sql
    else:
        assert "LIKE" in sql
