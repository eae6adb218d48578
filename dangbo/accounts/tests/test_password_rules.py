"""The password rules (AUTH_PASSWORD_VALIDATORS): 10 characters at least, no common password (Django's
list with Vietnamese ones), no word or name with digits, nothing like the user's names, not only
digits — refused with Vietnamese messages."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from dangbo.accounts.models import User


def _refusal(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.parametrize(
    "password",
    [
        "bithu123",
        "matkhau1",
        "dangbo2019",  # the demo's password: not acceptable for a real account
        "dangbo2025!",
        "bithu12345",
        "matkhau123456",
        "123456a",
        "anhyeuem2024",
        "Anh Yêu Em 123",
        "nguyenvanan1990",
        "tranthihoa85!!",
        "password123",
        "1234567890",
        "20242024202",
    ],
)
def test_weak_passwords_are_refused(password):
    assert _refusal(password), password


def test_the_minimum_is_ten_characters_said_in_vietnamese():
    messages = _refusal("Xq7#mPz!")
    assert messages == ["Mật khẩu phải có ít nhất 10 ký tự."]


def test_a_common_password_is_refused_in_vietnamese():
    assert any("quá phổ biến" in m for m in _refusal("dangbo2019"))


def test_only_digits_is_refused_in_vietnamese():
    assert "Mật khẩu không được chỉ gồm chữ số." in _refusal("80417593261")


def test_a_password_like_the_users_name_is_refused_even_without_accents():
    user = User(username="thanhtam", full_name="Võ Thị Thanh Tâm")
    assert any("quá giống" in m for m in _refusal("vothithanhtam", user))
    assert any("quá giống" in m for m in _refusal("thanhtam!!??", user))


@pytest.mark.parametrize(
    "password", ["Cay-Xanh-Ben-Song-42", "Sông Hương 1975 xanh", "mây trắng bay qua đèo", "k7#Vt9!qLm2@"]
)
def test_good_passwords_pass(password):
    user = User(username="bantochuc", full_name="Nguyễn Văn An")
    assert _refusal(password, user) == []
