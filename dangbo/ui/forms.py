"""Shared pieces of the web forms: dd/mm/yyyy dates, Vietnamese required-field messages, the
decision block (number, date, issuing body, effective date) and how a service refusal is shown."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dangbo.core.dates import DateKind, DateRefused, check_date
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import TextRefused, clean_text, format_date, parse_date

DATE_PLACEHOLDER = "dd/mm/yyyy"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class DateInput(forms.TextInput):
    """A plain text input for dd/mm/yyyy: office staff type dates, they do not pick them."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "class": "date", "maxlength": "10"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return format_date(value)
        return super().format_value(value)


class VnDateField(forms.Field):
    """A date typed as dd/mm/yyyy, read with dangbo.core.text.parse_date (a four-digit year) and held
    to the date policy of its kind (dangbo.core.dates): a party decision by default, `kind=BIRTH` for
    a birth, `kind=DAY` for a day that is neither (an expiry, an as-of day)."""

    widget = DateInput

    def __init__(self, *, kind: DateKind = DateKind.DECISION, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        raw = str(value).strip()
        try:
            day = parse_date(raw)
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} “{raw}” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy.",
                code="invalid",
            ) from None
        try:
            return check_date(day, kind=self.kind, label=str(self.label or "Ngày"))
        except DateRefused as refused:
            raise forms.ValidationError(refused.message, code="out_of_range") from None


class VnCharField(forms.CharField):
    """Text typed into a form, taken in by dangbo.core.text.clean_text (the cleaner the API and the
    import use): NFC, trimmed and collapsed, control, zero-width and bidirectional characters refused
    with a message naming the field. A Textarea makes it multi-line (line breaks kept); `name` asks
    for letters (a person's or an organization's name). Every text field of a VnForm is one."""

    def __init__(self, *, name: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)  # clean_text trims (the same characters as everywhere)
        super().__init__(**kwargs)
        self.name = name

    def to_python(self, value: Any) -> str | None:
        raw = super().to_python(value)
        if not raw:
            return raw
        try:
            cleaned = clean_text(
                raw,
                label=str(self.label or "Giá trị"),
                multiline=isinstance(self.widget, forms.Textarea),
                name=self.name,
            )
        except TextRefused as refused:
            raise forms.ValidationError(refused.message, code="invalid_text") from None
        return cleaned or self.empty_value


def _escaped(value: Any) -> str:
    """format_html's escaping of one value (conditional_escape) without its lazy wrappers: a
    district's 215 options a page."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


class FastSelect(forms.Select):
    """forms.Select written out in Python, one string per option, instead of one template per option:
    the same HTML (attributes, selected option, option groups), the select of a district's 215
    organizations in a few milliseconds rather than tens (issue 18: the pages' server time)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                f'<option value="{_escaped(option["value"])}"{flatatt(option["attrs"]) if option["attrs"] else ""}>'
                f"{_escaped(option['label'])}</option>"
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part escaped (format_html, _escaped)


class VnForm(forms.Form):
    """A form whose messages are Vietnamese and name the field: "Phải nhập ngày hiệu lực."."""

    use_required_attribute = False  # the server's Vietnamese messages, not the browser's
    label_suffix = ""
    # Optional layout: (title, [field names]) groups for the template.
    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.localise(field)
            if type(field.widget) is forms.Select:  # not a subclass: those keep their own rendering
                fast = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                fast.is_required = field.widget.is_required
                field.widget = fast

    @staticmethod
    def localise(field: forms.Field) -> None:
        label = _lower_first(str(field.label or "giá trị này"))
        choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        field.error_messages["required"] = f"Phải {'chọn' if choose else 'nhập'} {label}."
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = f"Lựa chọn {label} không hợp lệ."
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = (
                f"{field.label} dài tối đa {field.max_length} ký tự (đang có %(show_value)d)."
            )

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, VnCharField):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name}: a text field of a VnForm is a VnCharField "
                    "(dangbo.core.text.clean_text takes in all text)."
                )
        super().full_clean()

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        if not self.fieldsets:
            return [("", [self[name] for name in self.fields if not self.fields[name].widget.is_hidden])]
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in self.fieldsets
        ]

    def show_error(self, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
        """Put a service's refusal on the field it names (or above the form)."""
        field = (aliases or {}).get(error.field or "", error.field)
        if field and field in self.fields and not self.fields[field].widget.is_hidden:
            self.add_error(field, error.message)
        else:
            self.add_error(None, error.message)


def text(label: str, *, required: bool = False, max_length: int = 255, **kwargs: Any) -> VnCharField:
    return VnCharField(label=label, required=required, max_length=max_length, **kwargs)


def textarea(label: str, *, required: bool = False, max_length: int = 5000) -> VnCharField:
    return VnCharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(VnForm):
    """The decision that authorises a change, and the day it takes effect."""

    decision_number = text("Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày quyết định")
    issued_by = text("Cơ quan ban hành")
    effective_on = VnDateField(label="Ngày hiệu lực")
    note = textarea("Ghi chú")

    decision_fields = ("decision_number", "decision_date", "issued_by", "effective_on", "note")


YEAR_RE = re.compile(r"^\d{4}$")


def parse_year(raw: str, *, label: str = "Năm") -> int:
    """A year typed in a box: four digits, else a Vietnamese ValidationError naming the field."""
    value = (raw or "").strip()
    if not YEAR_RE.match(value):
        raise forms.ValidationError(f"{label} “{value}” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019.")
    return int(value)


class YearField(VnCharField):
    def __init__(self, *, label: str = "Năm", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "year"}))
        super().__init__(label=label, max_length=4, **kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        raw = super().clean(value)
        if not raw:
            return None
        return parse_year(raw, label=str(self.label))
