"""QR codes of the portal's public addresses: service points, the complaint form, report verification."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

# The standard quiet zone scanners need around the code, in modules.
QUIET_ZONE = 4


def _qr(url: str, border: int) -> qrcode.QRCode:
    # Medium error correction survives a scuffed poster or a smudged printout.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=border)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url, QUIET_ZONE).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(url: str, *, border: int = QUIET_ZONE) -> str:
    """An SVG document (a single path, scalable to any print size), also fit to be inlined in HTML."""
    return _qr(url, border).make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
