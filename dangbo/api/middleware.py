"""Every refusal under /api/ in the API's JSON shape ({"field", "message"}, Vietnamese), even those
decided before or outside the API's own handlers: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many
fields, a path no route matches. A client of the API never has to read an HTML page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
MESSAGES = {
    400: "Yêu cầu không hợp lệ: dữ liệu gửi lên quá lớn, quá nhiều trường hoặc không đọc được.",
    403: "Không được phép.",
    404: "Không tìm thấy.",
    405: "Phương thức này không được hỗ trợ ở địa chỉ này.",
    413: "Dữ liệu gửi lên quá lớn.",
}
OTHER_CLIENT_ERROR = "Yêu cầu không được chấp nhận."
SERVER_ERROR = "Lỗi máy chủ; đã ghi lại để xử lý."


def json_error(status: int) -> JsonResponse:
    message = MESSAGES.get(status, SERVER_ERROR if status >= 500 else OTHER_CLIENT_ERROR)
    return JsonResponse(
        {"field": None, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            answer = json_error(response.status_code)
            for header in ("Allow", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    answer[header] = response[header]
            return answer
        return response
