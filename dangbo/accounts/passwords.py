"""Password rules (AUTH_PASSWORD_VALIDATORS), with Vietnamese messages: at least 10 characters, not
a common password (Django's list and Vietnamese ones: matkhau, 123456a, anhyeuem, dangbo2019 …),
not a common word or a person's name with digits around it (bithu123, nguyenvanan1990), not like the
user's own name or login, not only digits."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from django.contrib.auth import password_validation as django_validation
from django.core.exceptions import ValidationError

from dangbo.core.text import fold

COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords-vi.txt.gz"

# syllables of Vietnamese names (surnames, middle names, common given names) and of the words people
# put in passwords: a password made of at most four of them, with digits or symbols around, is refused
NAME_SYLLABLES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "trinh",
        "mai",
        "cao",
        "lam",
        "van",
        "thi",
        "huu",
        "duc",
        "minh",
        "thanh",
        "ngoc",
        "kim",
        "xuan",
        "thu",
        "quoc",
        "gia",
        "bao",
        "an",
        "anh",
        "binh",
        "chau",
        "chi",
        "cuong",
        "dung",
        "dat",
        "diep",
        "giang",
        "ha",
        "hai",
        "han",
        "hanh",
        "hao",
        "hau",
        "hieu",
        "hoa",
        "hoai",
        "hong",
        "hung",
        "huong",
        "huy",
        "khang",
        "khanh",
        "khoa",
        "kiet",
        "lan",
        "linh",
        "loan",
        "long",
        "luan",
        "mai",
        "my",
        "nam",
        "nga",
        "nghia",
        "ngan",
        "nhan",
        "nhi",
        "nhung",
        "oanh",
        "phat",
        "phong",
        "phuc",
        "phuong",
        "quan",
        "quang",
        "quyen",
        "son",
        "tai",
        "tam",
        "tan",
        "thang",
        "thao",
        "thinh",
        "thuy",
        "tien",
        "toan",
        "trang",
        "tri",
        "trinh",
        "trung",
        "tu",
        "tuan",
        "tung",
        "tuyet",
        "uyen",
        "viet",
        "vinh",
        "vy",
        "yen",
        "dangbo",
        "bithu",
        "chibo",
        "dangvien",
        "matkhau",
        "mat",
        "khau",
        "yeu",
        "em",
        "dang",
        "bo",
        "quantri",
        "admin",
        "vietnam",
        "hanoi",
        "saigon",
    ]
)

_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _core(password: str) -> str:
    """The password folded (no accents, lower case) without the digits and symbols at its ends."""
    return _EDGES.sub("", fold(password).replace(" ", ""))


def _made_of_syllables(text: str, most: int = 4) -> bool:
    if not text:
        return False
    reachable = {0: 0}  # position -> fewest syllables to reach it
    for start in range(len(text)):
        if start not in reachable or reachable[start] >= most:
            continue
        for end in range(start + 1, min(len(text), start + 8) + 1):
            if text[start:end] in NAME_SYLLABLES:
                reachable[end] = min(reachable.get(end, most + 1), reachable[start] + 1)
    return len(text) in reachable


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 10) -> None:
        super().__init__(min_length=min_length)

    def get_error_message(self) -> str:
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Ít nhất {self.min_length} ký tự."


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    """Django's list of 20.000 common passwords with Vietnamese ones added; also refused: a common
    password, a common word or a name with digits or symbols before or after it."""

    def __init__(self, password_list_path: Path | str = COMMON_PASSWORDS) -> None:
        super().__init__(password_list_path=password_list_path)

    def validate(self, password: str, user: Any = None) -> None:
        folded = fold(password).replace(" ", "")
        core = _core(password)
        if (
            password.lower().strip() in self.passwords
            or folded in self.passwords
            or (len(core) >= 3 and core in self.passwords)
            or _made_of_syllables(core)
        ):
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self) -> str:
        return (
            "Mật khẩu này quá phổ biến hoặc quá dễ đoán (một mật khẩu hay gặp, một từ thông dụng hay "
            "một họ tên kèm chữ số như “dangbo2019”, “bithu123”); hãy chọn mật khẩu khác."
        )

    def get_help_text(self) -> str:
        return "Không phải mật khẩu phổ biến, không phải từ thông dụng hay họ tên kèm chữ số."


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "first_name", "last_name", "email")

    def __init__(self, user_attributes: Any = DEFAULT_USER_ATTRIBUTES, max_similarity: float = 0.7) -> None:
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password: str, user: Any = None) -> None:
        """Django's comparison, also without accents and spaces: "Nguyễn Văn An" against "nguyenvanan…"."""
        if not user:
            return
        tried = {password.lower(), fold(password).replace(" ", "")}
        for name in self.user_attributes:
            value = getattr(user, name, None)
            if not value or not isinstance(value, str):
                continue
            parts: set[str] = set()
            for form in (value.lower(), fold(value)):
                parts.update(re.split(r"\W+", form))
                parts.update((form, form.replace(" ", "")))
            for part in parts - {""}:
                for candidate in tried:
                    if django_validation.exceeds_maximum_length_ratio(candidate, self.max_similarity, part):
                        continue
                    if SequenceMatcher(a=candidate, b=part).quick_ratio() >= self.max_similarity:
                        raise ValidationError(self.get_error_message(), code="password_too_similar")

    def get_error_message(self) -> str:
        return "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử của tài khoản."

    def get_help_text(self) -> str:
        return "Không giống tên đăng nhập, họ tên hay thư điện tử."


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Mật khẩu không được chỉ gồm chữ số."

    def get_help_text(self) -> str:
        return "Không chỉ gồm chữ số."
