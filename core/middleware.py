"""Refuse a request body far over the upload cap before anything reads it.

Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to a
temporary file before a form can look at them, and the CSRF check reads the body first: a
public form (the verification page, the complaint form) could be made to write gigabytes to
disk. A body up to REQUEST_MAX_BYTES is read as usual, so an upload somewhat over the cap
still gets the form's own message beside what the user typed.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return HttpResponse(
                render_to_string("413.html", {"cap_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}), status=413
            )
        return self.get_response(request)
