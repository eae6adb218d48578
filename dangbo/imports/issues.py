"""Errors and warnings found in a file, each naming sheet, row, column and value (pure Python)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    severity: str
    sheet: str
    row: int | None  # Excel row number (1-based); None for the whole sheet or file
    column: str  # column letter ("D"), "" when not about one cell
    header: str  # the column's header as written in the file
    value: str
    message: str

    def where(self) -> str:
        parts = [f"Sheet “{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)

    def line(self) -> str:
        value = f" [giá trị: “{self.value}”]" if self.value else ""
        return f"{self.where()}: {self.message}{value}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IssueLog:
    """Every issue, in the order found. Warnings beyond `warning_limit` are only counted."""

    warning_limit: int = 2000
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    warnings_dropped: int = 0

    def error(self, sheet: str, row: int | None, column: str, header: str, value: str, message: str) -> None:
        self.errors.append(Issue(ERROR, sheet, row, column, header, value, message))

    def warning(
        self, sheet: str, row: int | None, column: str, header: str, value: str, message: str
    ) -> None:
        if len(self.warnings) >= self.warning_limit:
            self.warnings_dropped += 1
            return
        self.warnings.append(Issue(WARNING, sheet, row, column, header, value, message))

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.warnings_dropped

    def __bool__(self) -> bool:
        return bool(self.errors)
