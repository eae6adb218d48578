"""What a browser would post: the POST forms of a page, their fields and initial values (the standard
library's HTML parser; no browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Form:
    action: str  # the path it posts to
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, initial value), in page order
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type, "select" or "textarea"
    files: list[str] = field(default_factory=list)  # the names of file inputs
    method: str = "post"

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys([name for name, _ in self.fields] + self.files))

    def data(self, replace: str | None = None, value: str = "") -> dict[str, list[str]]:
        """The form as posted, the field `replace` (every input of that name) set to `value`."""
        posted: dict[str, list[str]] = {}
        for name, initial in self.fields:
            posted.setdefault(name, []).append(initial)
        if replace is not None:
            posted[replace] = [value]
        return posted

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.action, tuple(self.names)


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, options, selected
        self.textarea: tuple[str, list[str]] | None = None
        self.submit_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page, a.get("action") or self.page)).path
            self.current = Form(action, method=a.get("method", "get").lower())
            self.submit_seen = False
            return
        form = self.current
        if form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                form.kinds.setdefault(name, kind)
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "image", "button", "reset"):
                if kind == "submit" and not self.submit_seen:  # the first named button, as Enter sends
                    self.submit_seen = True
                    form.fields.append((name, a.get("value", "")))
                    form.kinds.setdefault(name, kind)
            else:
                form.fields.append((name, a.get("value", "")))
                form.kinds.setdefault(name, kind)
        elif tag == "button" and a.get("type", "submit").lower() == "submit" and not self.submit_seen:
            self.submit_seen = True
            form.fields.append((name, a.get("value", "")))
            form.kinds.setdefault(name, "submit")
        elif tag == "select":
            self.select = (name, [], [])
            form.kinds.setdefault(name, "select")
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select[1].append(value)
            if "selected" in a:
                self.select[2].append(value)
        elif tag == "textarea":
            self.textarea = (name, [])
            form.kinds.setdefault(name, "textarea")

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self.current
        if tag == "form":
            if form is not None:
                self.forms.append(form)
            self.current = None
        elif form is None:
            return
        elif tag == "select" and self.select is not None:
            name, options, selected = self.select
            for value in selected or options[:1]:
                form.fields.append((name, value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            form.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None


def forms_of(page_path: str, html: str) -> list[Form]:
    """The forms of a page, with the path each is sent to and its method."""
    parser = _Parser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms(page_path: str, html: str) -> list[Form]:
    """The POST forms of a page."""
    return [form for form in forms_of(page_path, html) if form.method == "post"]
