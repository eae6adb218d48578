"""The documents pages: a document made from a record (what only a person can choose asked first,
the last choices offered again), the templates an administrator may replace, and how an
organization heads its documents (set by its superior)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from dangbo.accounts.requests import user_of
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_date
from dangbo.documents import selectors as document_selectors
from dangbo.documents import services as document_services
from dangbo.documents.checks import MAX_TEMPLATE_BYTES
from dangbo.documents.kinds import KINDS
from dangbo.documents.produce import Target, issuer_for, make
from dangbo.documents.selectors import Choices
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.letterhead import derived_abbreviation
from dangbo.organizations.services import organization_set_letterhead
from dangbo.ui.forms import parse_year
from dangbo.ui.views import posted, submit, visible_only, writable_only
from dangbo.web.forms.documents import ChoicesForm, LetterheadForm, TemplateRevertForm, TemplateUploadForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the kinds' paths (Vietnamese without diacritics) and the record each takes from the query string
SLUGS = {
    "bao-cao-nam": "year-report",
    "phieu-dang-vien": "member-sheet",
    "giay-gioi-thieu": "transfer-letter",
    "quyet-dinh": "decision",
    "bien-ban-sinh-hoat": "meeting-minutes",
}
SLUG_OF = {kind: slug for slug, kind in SLUGS.items()}
QUERY = {
    "member-sheet": "dang-vien",
    "transfer-letter": "su-kien",
    "decision": "su-kien",
    "meeting-minutes": "buoi",
}
FIELDS = {"number": "so", "signed_on": "ngay_ky", "signer_title": "chuc_vu", "signer_name": "nguoi_ky"}


def document_url(kind: str, **query: Any) -> str:
    from urllib.parse import urlencode

    if kind == "year-report":
        return reverse("document_report") + "?" + urlencode(query)
    return reverse("document_make", args=[SLUG_OF[kind]]) + "?" + urlencode(query)


def _record_id(request: HttpRequest, name: str) -> int:
    raw = request.GET.get(name, "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise Http404("Không tìm thấy hồ sơ của văn bản này.")
    return int(raw)


def _target(request: HttpRequest, kind: str) -> Target:
    if kind == "year-report":
        try:
            year = parse_year(request.GET.get("nam", "")[:20])
        except ValidationError as error:
            raise Http404(" ".join(error.messages)) from None
        code = request.GET.get("org", "").strip()
        if not code or len(code) > 40:
            raise Http404("Không có tổ chức này.")
        return Target(organization=code, year=year)
    record = _record_id(request, QUERY[kind])
    if kind == "member-sheet":
        return Target(member=record)
    if kind == "meeting-minutes":
        return Target(meeting=record)
    return Target(event=record)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_make(request: HttpRequest, slug: str) -> HttpResponse:
    """/van-ban/<loai>/?dang-vien=ID | su-kien=ID | buoi=ID: a document about a member or a meeting
    (personal data): its choices, then the DOCX. Only what the user may see: outside the scope 404."""
    kind = SLUGS.get(slug)
    if kind is None or kind == "year-report":
        raise Http404("Không có loại văn bản này.")
    return _make(request, kind)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_report(request: HttpRequest) -> HttpResponse:
    """/van-ban/bao-cao-nam/?org=CODE&nam=YYYY: the year's report in the party format (figures, and
    the members commended by name only where the user reads personal data: a viewer may print it)."""
    return _make(request, "year-report")


def _make(request: HttpRequest, kind: str) -> HttpResponse:
    user = user_of(request)
    target = _target(request, kind)
    with visible_only():
        issuer = issuer_for(user, kind, target)
    last = document_selectors.remembered(issuer, kind)
    initial = {
        "ngay_ky": last.signed_on,
        "chuc_vu": last.signer_title,
        "nguoi_ky": last.signer_name,
        "noi_nhan": "\n".join(last.recipients),
    }
    form = ChoicesForm(posted(request), initial=initial)
    if kind in ("transfer-letter", "member-sheet"):  # a letter is numbered by Dangbo; a sheet has no number
        del form.fields["so"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choices = Choices(
            number=data.get("so") or "",
            signed_on=data["ngay_ky"],
            signer_title=data["chuc_vu"] or "",
            signer_name=data["nguoi_ky"] or "",
            recipients=[line for line in (data["noi_nhan"] or "").splitlines() if line.strip()],
        )
        try:
            with visible_only():
                made = make(user, kind, target, choices)
        except ApplicationError as error:
            form.show_error(error, {**FIELDS, "event": "so", "target": "so", "kind": "so"})
        else:
            response = HttpResponse(made.content, content_type=DOCX)
            response["Content-Disposition"] = content_disposition_header(True, made.file_name)
            return response
    return render(
        request,
        "web/documents/make.html",
        {
            "form": form,
            "kind": KINDS[kind],
            "issuer": issuer,
            "issuer_name": document_selectors.heading_of(issuer).issuer_name,
            "numbered": kind == "transfer-letter",
            "remembered": last.signed_on is not None or bool(last.signer_name),
            "last_signed": format_date(last.signed_on) if last.signed_on else "",
        },
    )


# --- the templates --------------------------------------------------------------------------------


def _require_administrator(request: HttpRequest) -> None:
    if not user_of(request).is_superuser:
        raise Forbidden(document_services.ADMINISTRATORS_ONLY)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_templates(request: HttpRequest) -> HttpResponse:
    """/van-ban/mau/: each document's template in force, its history, an upload, a return to the
    shipped one. Administrators only."""
    _require_administrator(request)
    user = user_of(request)
    upload = TemplateUploadForm(prefix="tai-len")
    revert = TemplateRevertForm(prefix="tro-lai")
    if request.method == "POST":
        if request.POST.get("hanh-dong") == "tro-lai":
            revert = TemplateRevertForm(request.POST, prefix="tro-lai")

            def run_revert(d: dict[str, Any]) -> tuple[str, str]:
                document_services.template_revert(actor=user, kind=d["loai"])
                return f"Đã trở lại mẫu gốc của Dangbo cho {KINDS[d['loai']].label.lower()}.", reverse(
                    "document_templates"
                )

            response = submit(request, revert, run_revert)
        else:
            upload = TemplateUploadForm(request.POST, request.FILES, prefix="tai-len")

            def run_upload(d: dict[str, Any]) -> tuple[str, str]:
                uploaded = d["tep"]
                if uploaded.size is not None and uploaded.size > MAX_TEMPLATE_BYTES:
                    raise ApplicationError("Tệp mẫu lớn hơn 5 MB.", field="file")
                document_services.template_upload(
                    actor=user, kind=d["loai"], content=uploaded.read(), file_name=str(uploaded.name or "")
                )
                return f"Đã thay mẫu {KINDS[d['loai']].label.lower()}.", reverse("document_templates")

            response = submit(request, upload, run_upload, {"file": "tep", "kind": "loai"})
        if response is not None:
            return response
    rows = [
        {
            "key": key,
            "slug": SLUG_OF[key],
            "kind": kind,
            "history": document_selectors.template_history(key),
            "in_force": document_selectors.template_in_force(key),
            "fields": kind.required,
        }
        for key, kind in KINDS.items()
    ]
    return render(request, "web/documents/templates.html", {"rows": rows, "upload": upload, "revert": revert})


@login_required
@require_safe
def document_template_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The template in force, to adapt in Word and upload again."""
    _require_administrator(request)
    kind = SLUGS.get(slug)
    if kind is None:
        raise Http404("Không có loại văn bản này.")
    response = HttpResponse(document_selectors.template_bytes(kind), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"mau-{slug}.docx")
    return response


# --- the letterhead of an organization ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_letterhead(request: HttpRequest, code: str) -> HttpResponse:
    """/to-chuc/<code>/the-thuc/: the abbreviation in its numbers and its superior's printed name,
    set by its superior's officer or an administrator."""
    user = user_of(request)
    with writable_only():
        organization = org_selectors.organization_for_update(user, code, reorganize=True)
    form = LetterheadForm(
        posted(request),
        initial={
            "number_abbreviation": organization.number_abbreviation,
            "superior_printed_name": organization.superior_printed_name,
        },
    )

    def run(d: dict[str, Any]) -> tuple[str, str]:
        organization_set_letterhead(
            actor=user,
            organization=organization,
            number_abbreviation=d["number_abbreviation"] or "",
            superior_printed_name=d["superior_printed_name"] or "",
        )
        return f"Đã ghi thể thức văn bản của {organization.name}.", reverse(
            "org_detail", args=[organization.code]
        )

    heading = document_selectors.heading_of(organization)
    return submit(request, form, run) or render(
        request,
        "web/documents/letterhead.html",
        {
            "organization": organization,
            "form": form,
            "heading": heading,
            "derived": derived_abbreviation(organization.name, organization.kind),
        },
    )
