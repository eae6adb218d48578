"""The form of a two-step verification code; the form changing one's own password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from dangbo.ui.forms import VnCharField, VnForm


class OtpCodeForm(VnForm):
    token = VnCharField(
        label="Mã xác thực",
        max_length=12,
        help_text="6 chữ số đang hiện trong ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…).",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_token(self) -> str:
        return "".join(str(self.cleaned_data["token"]).split())


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (the current password, the new one twice, the password rules), in Vietnamese."""

    use_required_attribute = False
    label_suffix = ""
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng; hãy nhập lại.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không khớp nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": "Mật khẩu hiện tại",
            "new_password1": "Mật khẩu mới",
            "new_password2": "Nhập lại mật khẩu mới",
        }
        for name, label in labels.items():
            self.fields[name].label = label
            VnForm.localise(self.fields[name])
        self.fields["new_password1"].help_text = (
            "Ít nhất 10 ký tự; không phải mật khẩu phổ biến, không phải từ thông dụng hay họ tên kèm chữ số, "
            "không giống tên đăng nhập hay họ tên, không chỉ gồm chữ số. Nên dùng một câu dễ nhớ."
        )
        self.fields["new_password2"].help_text = ""

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [("", [self[name] for name in self.fields])]
