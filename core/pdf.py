"""Rendering Django templates to PDF with WeasyPrint, and keeping the result with its SHA-256.

Every report extends templates/pdf/base.html, which sets A4, the vendored
Sarabun font, the organisation header and "หน้า n/N" page numbers, so a PDF
looks the same on any machine.

An archived report goes through `render_report`: it carries its verification
URL and QR code in the footer and is kept in the archive with its hash.
`render_pdf` alone is for PDFs that are not archived.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import selectors
from .fiscal import Round, round_period
from .models import FiscalYear, Report, new_verification_code
from .qr import qr_svg

FONT_FILES = {
    "regular": "fonts/sarabun/Sarabun-Regular.ttf",
    "bold": "fonts/sarabun/Sarabun-Bold.ttf",
    "italic": "fonts/sarabun/Sarabun-Italic.ttf",
    "bold_italic": "fonts/sarabun/Sarabun-BoldItalic.ttf",
}


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str


def _static_path(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(relative)
    return Path(found).resolve()


def _allowed_roots() -> list[Path]:
    return [Path(p).resolve() for p in (*settings.STATICFILES_DIRS, settings.MEDIA_ROOT)]


class LocalFilesOnly(URLFetcher):
    """A PDF may embed our own fonts, static files and logo, and nothing else.

    Refusing every other URL keeps a report from reading arbitrary local files
    or reaching the network, whatever text ends up in it.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in _allowed_roots()):
                # Fetch the path that was checked: the URL's query or fragment
                # ("/etc/passwd?/../static/x") must not change what is opened.
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"PDF resource refused: {url}")


def pdf_context() -> dict:
    organisation = selectors.organisation()
    logo_url = ""
    if organisation and organisation.logo:
        logo_url = Path(organisation.logo.path).resolve().as_uri()
    return {
        "organisation": organisation,
        "organisation_logo_url": logo_url,
        "fonts": {key: _static_path(rel).as_uri() for key, rel in FONT_FILES.items()},
        "generated_at": timezone.now(),
        # Tells shared partials (the {% chart %} tag) they are printed: no links to click, tables in full.
        "for_pdf": True,
    }


def render_pdf(template_name: str, context: dict) -> RenderedPdf:
    html = render_to_string(template_name, {**pdf_context(), **context})
    content = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=LocalFilesOnly(allowed_protocols=["file"])
    ).write_pdf()
    return RenderedPdf(content=content, sha256=hashlib.sha256(content).hexdigest())


def _store(report: Report, *, kind: str, title: str, pdf: RenderedPdf, fiscal_year, round_: str, user) -> Report:
    report.kind = kind
    report.title = title
    report.fiscal_year = fiscal_year
    report.round = round_
    report.size = len(pdf.content)
    report.sha256 = pdf.sha256
    report.generated_by = user if user is not None and user.is_authenticated else None
    report.file.save(f"{kind}.pdf", ContentFile(pdf.content), save=False)
    report.full_clean()
    report.save()
    return report


def verification_url(code: str) -> str:
    """The public address where anyone can check a report, printed in its footer."""
    return settings.SITE_BASE_URL + reverse("core:verify_code", kwargs={"code": code})


def footer_qr(url: str) -> SafeString:
    """Inline, so the PDF fetcher never has to load it; a narrow quiet zone, the footer margin adds to it."""
    return mark_safe(qr_svg(url, border=2))  # noqa: S308 - made by qrcode from our own URL, no user markup


def render_report(
    *,
    kind: str,
    title: str,
    template_name: str,
    context: dict,
    fiscal_year: FiscalYear | None = None,
    round_: str = "",
    user=None,
) -> Report:
    """Render an archived report: a PDF whose footer names its verification URL and QR code, kept with its hash.

    The verification code is chosen before rendering, since it is printed in the PDF it
    identifies. Every report an app generates for the archive comes through here (the round
    reports O16, O31, O43 …); call it inside the app's own transaction so the report and what
    the app attaches to it (evidence) are kept together or not at all.
    """
    code = new_verification_code()
    url = verification_url(code)
    pdf = render_pdf(template_name, {**context, "verification_url": url, "verification_qr": footer_qr(url)})
    report = Report(verification_code=code)
    return _store(report, kind=kind, title=title, pdf=pdf, fiscal_year=fiscal_year, round_=round_, user=user)


def render_round_report(
    *, kind: str, title: str, template_name: str, fiscal_year: FiscalYear, round_: str, user=None, context: dict
) -> Report:
    """A round report of a fiscal year, archived like any report: titled with its year, and given the
    title, fiscal year, round label and period that every round report's template shows."""
    return render_report(
        kind=kind,
        title=f"{title} {fiscal_year.year}",
        template_name=template_name,
        context={
            "title": title,
            "fiscal_year": fiscal_year,
            "round_label": Round(round_).label,
            "period": round_period(fiscal_year.year, round_),
            **context,
        },
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
    )
