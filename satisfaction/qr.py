"""Printable posters of the service points (A4 or A5 PDF): the rating QR code, and the complaint form's."""

from django.conf import settings
from django.urls import reverse

from core.pdf import render_pdf
from core.qr import qr_svg

from .models import ServicePoint

POSTER_SIZES = ("A4", "A5")


def posters_pdf(points: list[ServicePoint], size: str = "A4") -> bytes:
    """One page per service point, for printing and posting at the counter."""
    if size not in POSTER_SIZES:
        raise ValueError(f"unknown poster size {size!r}")
    posters = [{"point": point, "qr_svg": qr_svg(point.public_url)} for point in points]
    complaint_url = complaint_form_url()
    context = {"posters": posters, "size": size, "title": "", "complaint_url": complaint_url}
    return render_pdf("satisfaction/pdf/posters.html", context | {"complaint_qr_svg": qr_svg(complaint_url)}).content


def complaint_form_url() -> str:
    """The public complaint form, marked as reached by QR code so the complaint's channel says so."""
    return settings.SITE_BASE_URL + reverse("complaints:new") + "?via=qr"
