"""QR codes of the service points' public URLs, and their printable posters (A4 or A5 PDF)."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

from core.pdf import render_pdf

from .models import ServicePoint

POSTER_SIZES = ("A4", "A5")


def _qr(url: str) -> qrcode.QRCode:
    # Medium error correction survives a scuffed or slightly creased poster; a 4-module quiet zone is the standard.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(url: str) -> str:
    """A standalone SVG document (a single path, scalable to any print size)."""
    return _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")


def posters_pdf(points: list[ServicePoint], size: str = "A4") -> bytes:
    """One page per service point, for printing and posting at the counter."""
    if size not in POSTER_SIZES:
        raise ValueError(f"unknown poster size {size!r}")
    posters = [{"point": point, "qr_svg": qr_svg(point.public_url)} for point in points]
    return render_pdf("satisfaction/pdf/posters.html", {"posters": posters, "size": size, "title": ""}).content
