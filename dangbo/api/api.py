"""The JSON API for integration (/api/): token authentication, the user's scope through the same
selectors and services as the web pages, OpenAPI schema at /api/openapi.json.

Errors: bad input → 400 {"field", "message"} (Vietnamese); a well-formed change that the records
refuse (made meanwhile by someone else, a number already used, a locked year, a rule) → 409; a read-only role → 403; anything outside the user's scope → 404
(it is not said whether it exists); no or a wrong token → 401."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from dangbo.api.endpoints import members, organizations, reports
from dangbo.api.schemas import REFUSED
from dangbo.api.services import api_token_authenticate
from dangbo.core.exceptions import ApplicationError, Conflict, NotFound, PermissionDenied, RuleViolation
from dangbo.core.text import format_number


class TokenAuth(HttpBearer):
    """Authorization: Bearer <mã truy cập API>. The request then acts as the token's user."""

    openapi_description = (
        "Mã truy cập API cá nhân (tạo ở trang “Mã truy cập API” hoặc `manage.py api_token`)."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese text as it is ("Nguyễn"), not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Dangbo API",
    version="1",
    description=__doc__ or "",
    auth=TokenAuth(),
    renderer=Utf8JSONRenderer(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # no documentation page: it would load its scripts from a CDN
)


def _declared_query_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """A query parameter the operation does not declare is refused (400), not ignored: a misspelt
    filter (?orgg=) would otherwise answer the whole scope as if it had been applied."""
    names = set(inspect.signature(view).parameters) - {"request"}

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(set(request.GET) - names)
        if unknown:
            name = unknown[0][:40]
            raise ApplicationError(f"Tham số “{name}” không có ở địa chỉ này.", field=name)
        return view(request, *args, **kwargs)

    return checked


api.add_decorator(_declared_query_only)


def _error(request: HttpRequest, status: int, message: str, field: str | None = None) -> HttpResponse:
    response = api.create_response(request, {"field": field, "message": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="dangbo"'
    return response


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """400: the request itself is wrong; 409: a well-formed request that the records refuse (the file
    changed since it was read, a number already used, a locked year, a rule of the review that needs
    an override, a member not on the books that year)."""
    conflict = isinstance(error, Conflict | RuleViolation) or error.field == "version"
    return _error(request, 409 if conflict else 400, error.message, error.field)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return _error(request, 404, error.message, error.field)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _error(request, 403, error.message, error.field)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "Cần mã truy cập API hợp lệ (tiêu đề Authorization: Bearer …); mã này không có, sai, đã hết hạn "
        "hoặc đã bị thu hồi.",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """ninja's own refusals (a body that is not JSON…), in the same shape."""
    messages = {400: "Dữ liệu gửi lên không đọc được (phải là JSON hợp lệ, mã hóa UTF-8)."}
    return _error(request, error.status_code, messages.get(error.status_code, str(error)))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields…: Django's 400, in the same shape."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if isinstance(error, RequestDataTooBig):
        return _error(request, 400, f"Dữ liệu gửi lên quá lớn (tối đa {format_number(limit or 0)} byte).")
    if isinstance(error, TooManyFieldsSent):
        return _error(request, 400, "Dữ liệu gửi lên có quá nhiều trường.")
    return _error(request, 400, "Yêu cầu không hợp lệ.")


@api.exception_handler(Http404)
def _http404(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "Không tìm thấy.")


@api.exception_handler(InputError)
def _bad_input(request: HttpRequest, error: InputError) -> HttpResponse:
    first: dict[str, Any] = dict(error.errors[0]) if error.errors else {}
    location = [str(part) for part in first.get("loc", ()) if _is_field(part)]
    field = ".".join(location) or None
    if first.get("type") == REFUSED:  # the cleaner's or the date policy's message names the field
        return _error(request, 400, str(first.get("msg", "")), field)
    message = f"Giá trị của “{field}” không hợp lệ" if field else "Dữ liệu gửi lên không hợp lệ"
    reason = _reason(first)
    return _error(request, 400, f"{message}: {reason}." if reason else f"{message}.", field)


# pydantic's names of a union's branches in an error's location ("constrained-int", "function-after[…]")
_BRANCHES = frozenset(("int", "str", "float", "bool", "date", "none", "list", "dict"))


def _is_field(part: object) -> bool:
    """A part of an error's location that names a field (or an index), not where it came from or the
    branch of a union that was tried."""
    if isinstance(part, int):
        return True
    text = str(part)
    return (
        text not in ("body", "query", "path", "payload")
        and text not in _BRANCHES
        and not any(ch in text for ch in "-[(")
    )


def _reason(error: dict[str, Any]) -> str:
    """pydantic's error, in Vietnamese."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "missing":
        return "bắt buộc phải có"
    if kind.startswith("int_") or kind == "int_type":
        return "phải là số nguyên"
    if kind.startswith("date_"):
        return "phải là ngày dạng YYYY-MM-DD"
    if kind.startswith("bool_"):
        return "phải là true hoặc false"
    if kind.startswith("string_") and kind != "string_too_long":
        return "phải là chuỗi ký tự"
    if kind == "string_too_long":
        return f"dài tối đa {ctx.get('max_length')} ký tự"
    if kind == "greater_than_equal":
        return f"phải từ {ctx.get('ge')} trở lên"
    if kind == "less_than_equal":
        return f"phải không quá {ctx.get('le')}"
    if kind == "too_short":
        return f"phải có ít nhất {ctx.get('min_length')} phần tử"
    if kind == "too_long":
        return f"có tối đa {ctx.get('max_length')} phần tử"
    if kind == "literal_error":
        return f"phải là một trong: {ctx.get('expected', '')}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return "sai kiểu dữ liệu"
    if kind == "extra_forbidden":
        return "không phải là một trường của dữ liệu này"
    if kind == "json_invalid":
        return "không phải JSON hợp lệ"
    return "sai kiểu hoặc giá trị"


api.add_router("/", organizations.router)
api.add_router("/", members.router)
api.add_router("/", reports.router)
