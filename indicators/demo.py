"""Demo data of the indicators app: the framework, the announced measures and a few pieces of evidence."""

import datetime

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Department
from core.pdf import render_pdf

from . import services
from .framework_loader import FRAMEWORK_DIR, framework_load_file
from .models import Evidence, Indicator, Measure, OITItem, ReviewState


def load_demo(data: dict, *, with_users: bool, log) -> None:
    tally = framework_load_file(FRAMEWORK_DIR / f"ita-{data['fiscal_year']}.yaml")
    log(f"framework {data['fiscal_year']}: {tally['created']} created, {tally['unchanged']} unchanged")
    created = sum(_measure(data["fiscal_year"], spec) for spec in data["measures"])
    log(f"measures: {created} created, {len(data['measures']) - created} already there")
    if with_users:
        for spec in data.get("evidence", []):
            _evidence(data["fiscal_year"], spec, log)


def _oit_items(year: int, codes: list[str]):
    return OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year__year=year, code__in=codes)


def _measure(year: int, spec: dict) -> bool:
    indicator = Indicator.objects.get(framework__fiscal_year__year=year, number=spec["indicator"])
    if Measure.objects.filter(indicator=indicator, number=spec["number"]).exists():
        return False  # keep whatever the coordinator changed since
    measure = Measure.objects.create(
        indicator=indicator,
        number=spec["number"],
        text=spec["text"],
        sub_points=spec.get("sub_points", []),
        department=Department.objects.get(name_th=spec["department"]),
        frequency=spec.get("frequency", ""),
        due_date=datetime.date.fromisoformat(spec["due_date"]) if spec.get("due_date") else None,
        evidence_required=spec.get("evidence_required", 1),
    )
    measure.oit_items.set(_oit_items(year, spec.get("oit_items", [])))
    return True


def _demo_pdf(title: str, department: Department | None) -> SimpleUploadedFile:
    pdf = render_pdf("indicators/pdf/demo_document.html", {"title": title, "department": department})
    return SimpleUploadedFile("demo.pdf", pdf.content, content_type="application/pdf")


def _evidence(year: int, spec: dict, log) -> None:
    if Evidence.objects.filter(title=spec["title"]).exists():
        return
    uploader = User.objects.get(username=spec["uploaded_by"])
    reviewer = User.objects.get(username="coordinator")
    measure = None
    if "measure" in spec:
        indicator_number, number = spec["measure"]
        measure = Measure.objects.get(
            indicator__framework__fiscal_year__year=year, indicator__number=indicator_number, number=number
        )
    oit_item = _oit_items(year, [spec["oit_item"]]).get() if spec.get("oit_item") else None
    with set_actor(uploader):
        evidence = services.evidence_create(
            user=uploader,
            measure=measure,
            oit_item=oit_item,
            title=spec["title"],
            effective_date=datetime.date.fromisoformat(spec["effective_date"]),
            upload=_demo_pdf(spec["title"], measure.department if measure else uploader.profile.department),
        )
    with set_actor(reviewer):
        if spec["review"] == ReviewState.APPROVED:
            services.evidence_approve(user=reviewer, evidence=evidence)
        elif spec["review"] == ReviewState.RETURNED:
            services.evidence_return(user=reviewer, evidence=evidence, comment=spec["comment"])
        if spec.get("published"):
            services.evidence_set_published(user=reviewer, evidence=evidence, published=True)
    log(f"evidence: {spec['title'][:60]}")
