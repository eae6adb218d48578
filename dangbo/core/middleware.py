"""A NUL character (U+0000) in a query string is refused before any view sees it.

PostgreSQL cannot hold NUL in text: a filter on it (?org=…%00), or the audit entry of an export that
records the query (?q=…%00), is a DataError, so a 500, where SQLite answered. Forms refuse NUL
already (Django's CharField, dangbo.core.text.clean_text); a query string reaches the views' own
parsing, the ORM and the trail, so it is refused here once: a 400 with a Vietnamese message naming
the parameter, in the API's JSON shape under /api/."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

NUL = "\x00"
API_PREFIX = "/api/"  # dangbo.api.middleware's (core imports no app above it)


def nul_refusal(request: HttpRequest) -> tuple[str, str] | None:
    """(the parameter, the message) when a parameter's name or value holds NUL, else None."""
    raw = request.META.get("QUERY_STRING", "")
    if "%00" not in raw and NUL not in raw:
        return None
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            name = key.replace(NUL, "")
            return name, f"Tham số “{name}” của địa chỉ chứa ký tự NUL (U+0000) không hợp lệ."
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = nul_refusal(request)
        if refused is None:
            return self.get_response(request)
        name, message = refused
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {"field": name, "message": message}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        return render(request, "400.html", {"message": message}, status=400)
