"""The portal's URLs plus a bare view: the ceiling a Django request through the same middleware can reach."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from takbai_ita.urls import urlpatterns as portal_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
