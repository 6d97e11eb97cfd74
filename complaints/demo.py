"""Demo data of the complaints app: FY2564 public holidays, the O29 guideline and complaints in every state."""

import datetime

from auditlog.context import set_actor
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from core.models import Department, Holiday

from . import services
from .models import Category, Complaint, Guideline


def load_demo(data: dict, *, with_users: bool, log) -> None:
    spec = data.get("complaints")
    if not spec:
        return
    added = 0
    for day, name_th, name_en in spec.get("holidays", []):
        _holiday, created = Holiday.objects.get_or_create(date=day, defaults={"name_th": name_th, "name_en": name_en})
        added += created
    log(f"public holidays: {added} added")
    if not Guideline.objects.exists():
        Guideline.objects.create(published=True, **spec["guideline"])
        log("complaint-handling guideline (O29) published")
    if not with_users:
        return
    handle = Permission.objects.get(content_type__app_label="complaints", codename="handle_corruption")
    for username in spec.get("corruption_handlers", []):
        # Named users, not a role: the coordinator grants this in the admin in a real installation.
        User.objects.get(username=username).user_permissions.add(handle)
    created = sum(_complaint(item) for item in spec.get("list", []))
    log(f"complaints: {created} created, {len(spec.get('list', [])) - created} already there")


def _aware(value) -> datetime.datetime:
    moment = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _complaint(item: dict) -> bool:
    token = f"demo:{item['key']}"  # the natural key that keeps a second load from adding copies
    if Complaint.objects.filter(submission_token=token).exists():
        return False
    received = _aware(item["received"])
    recorder = User.objects.get(username=item["recorded_by"]) if item.get("recorded_by") else None
    with set_actor(recorder):
        complaint = services.complaint_submit(
            category=Category.objects.get(name_th=item["category"]),
            channel=item["channel"],
            subject=item["subject"],
            description=item["description"],
            location=item.get("location", ""),
            anonymous=item.get("anonymous", False),
            name=item.get("name", ""),
            phone=item.get("phone", ""),
            email=item.get("email", ""),
            address=item.get("address", ""),
            received_at=received,
            recorded_by=recorder,
            submission_token=token,
        )
    for action, days, actor_name, reply, note, *assignment in item.get("steps", []):
        actor = User.objects.get(username=actor_name)
        department, handler = (assignment + ["", ""])[:2]
        with set_actor(actor):
            services.complaint_transition(
                complaint=complaint,
                user=actor,
                action=action,
                public_reply=reply,
                internal_note=note,
                department=Department.objects.get(name_th=department) if department else None,
                handler=User.objects.get(username=handler) if handler else None,
                at=received + datetime.timedelta(days=days, hours=2),
            )
    return True
