"""Fixtures of the admissions tests: the demo (loaded once per module)."""

from dangbo.demo.tests.conftest import demo  # noqa: F401 (the demo, loaded once per module)
