"""The form of a two-step verification code."""

from __future__ import annotations

from django import forms

from dangbo.web.forms.base import VnCharField, VnForm


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
