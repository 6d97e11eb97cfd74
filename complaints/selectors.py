"""Reads of the complaints app: who sees which complaint, the filtered list, overdue work, statistics, the digest.

Confidentiality is decided here once: every page, export, count and report
starts from `complaints_visible_to`, so a corruption complaint cannot leak
through a screen that forgot to check.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, Permission, User
from django.db.models import Avg, BooleanField, Case, Count, F, Q, QuerySet, Value, When

from core.access import department_id_of, sees_all_departments
from core.fiscal import Period
from core.workdays import add_working_days

from .models import FINISHED_STATES, OPEN_STATES, Category, Channel, Complaint, State

DIGEST_WARNING_DAYS = 2
NOT_ACKNOWLEDGED = (State.RECEIVED,)
ACKNOWLEDGED_OPEN = (State.ACKNOWLEDGED, State.ASSIGNED, State.IN_PROGRESS)


def complaints_visible_to(user: User | AnonymousUser) -> QuerySet[Complaint]:
    """Default deny. Ordinary complaints: own department or assigned (all with the coordinator's reach);
    corruption complaints: only, and all of them, for holders of `complaints.handle_corruption`."""
    complaints = Complaint.objects.all()
    if not user.is_authenticated or not user.has_perm("complaints.view_complaint"):
        return complaints.none()
    if user.has_perm("complaints.coordinate_complaints") or sees_all_departments(user):
        ordinary = Q()
    else:
        ordinary = Q(handler=user)
        own = department_id_of(user)
        if own is not None:
            ordinary |= Q(department_id=own)
    visible = Q(category__is_corruption=False) & ordinary
    if user.has_perm("complaints.handle_corruption"):
        visible |= Q(category__is_corruption=True)
    return complaints.filter(visible)


def can_assign(user: User, complaint: Complaint) -> bool:
    if complaint.category.is_corruption:
        return user.has_perm("complaints.handle_corruption")
    return user.has_perm("complaints.coordinate_complaints")


def can_see_identity(user: User) -> bool:
    # Whoever reaches a corruption complaint already holds handle_corruption.
    return user.has_perm("complaints.view_complainant_identity")


def overdue_q(today: datetime.date) -> Q:
    return Q(state__in=NOT_ACKNOWLEDGED, acknowledge_due__lt=today) | Q(state__in=OPEN_STATES, resolve_due__lt=today)


@dataclass(frozen=True)
class ComplaintFilters:
    state: str = ""
    category: Category | None = None
    channel: str = ""
    department_id: int | None = None
    overdue: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""


def complaint_list(user: User, filters: ComplaintFilters, today: datetime.date) -> QuerySet[Complaint]:
    complaints = complaints_visible_to(user).select_related("category", "department", "handler")
    if filters.state:
        complaints = complaints.filter(state=filters.state)
    if filters.category is not None:
        complaints = complaints.filter(category=filters.category)
    if filters.channel:
        complaints = complaints.filter(channel=filters.channel)
    if filters.department_id is not None:
        complaints = complaints.filter(department_id=filters.department_id)
    if filters.overdue:
        complaints = complaints.filter(overdue_q(today))
    if filters.date_from:
        complaints = complaints.filter(received_at__date__gte=filters.date_from)
    if filters.date_to:
        complaints = complaints.filter(received_at__date__lte=filters.date_to)
    if filters.text:
        complaints = complaints.filter(Q(tracking_code__icontains=filters.text) | Q(subject__icontains=filters.text))
    return complaints.annotate(
        overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def categories_for(user: User | AnonymousUser) -> QuerySet[Category]:
    """Categories a user may file under or filter by: corruption ones only with the permission."""
    categories = Category.objects.filter(active=True)
    if not user.has_perm("complaints.handle_corruption"):
        categories = categories.filter(is_corruption=False)
    return categories


def overview(user: User, today: datetime.date) -> dict:
    """The coordinator's screen: open work by state, overdue work, and the oldest overdue complaints."""
    visible = complaints_visible_to(user)
    counts = visible.aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in OPEN_STATES},
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count(
            "pk",
            filter=Q(state__in=OPEN_STATES, resolve_due__gte=today, resolve_due__lte=add_working_days(today, 2)),
        ),
    )
    by_department = (
        visible.filter(overdue_q(today))
        .values("department__name_th")
        .annotate(count=Count("pk"))
        .order_by("-count", "department__name_th")
    )
    oldest = (
        visible.filter(overdue_q(today)).select_related("category", "department", "handler").order_by("resolve_due")
    )[:20]
    return {"counts": counts, "by_department": list(by_department), "oldest_overdue": list(oldest)}


def _measures(prefix: str = "") -> dict:
    """The numbers O31 asks for, as aggregate expressions over complaints received in the period."""
    within = Q(finished_at__isnull=False, finished_at__date__lte=F("resolve_due"))
    return {
        f"{prefix}received": Count("pk"),
        f"{prefix}finished": Count("pk", filter=Q(state__in=FINISHED_STATES)),
        f"{prefix}in_progress": Count("pk", filter=Q(state__in=ACKNOWLEDGED_OPEN)),
        f"{prefix}not_handled": Count("pk", filter=Q(state__in=NOT_ACKNOWLEDGED)),
        f"{prefix}within_deadline": Count("pk", filter=Q(state__in=FINISHED_STATES) & within),
        f"{prefix}avg_acknowledge_days": Avg("acknowledge_days"),
        f"{prefix}avg_resolve_days": Avg("resolve_days", filter=Q(state__in=FINISHED_STATES)),
    }


def _with_share(row: dict) -> dict:
    row["within_deadline_share"] = (100.0 * row["within_deadline"] / row["finished"]) if row["finished"] else None
    return row


def statistics(period: Period, *, include_corruption: bool) -> dict:
    """O31 statistics of complaints received in ``period``: totals, by category, channel and state,
    and the corruption category on its own. Every number is computed by the database."""
    received = Complaint.objects.filter(received_at__date__gte=period.start, received_at__date__lte=period.end)
    if not include_corruption:
        received = received.filter(category__is_corruption=False)
    total = _with_share(received.aggregate(**_measures()))
    by_category = [
        _with_share(row)
        for row in received.values("category__name_th", "category__name_en", "category__is_corruption")
        .annotate(**_measures())
        .order_by("category__order", "category__name_th")
    ]
    channel_labels = dict(Channel.choices)
    by_channel = [
        {**row, "label": channel_labels.get(row["channel"], row["channel"])}
        for row in received.values("channel").annotate(count=Count("pk")).order_by("-count", "channel")
    ]
    state_labels = dict(State.choices)
    by_state = [
        {**row, "label": state_labels.get(row["state"], row["state"])}
        for row in received.values("state").annotate(count=Count("pk")).order_by("state")
    ]
    corruption = None
    if include_corruption:
        corruption = _with_share(received.filter(category__is_corruption=True).aggregate(**_measures()))
    return {
        "total": total,
        "by_category": by_category,
        "by_channel": by_channel,
        "by_state": by_state,
        "corruption": corruption,
    }


def _holders(codename: str) -> QuerySet[User]:
    permission = Permission.objects.get(content_type__app_label="complaints", codename=codename)
    return User.objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True)


def deadline_digest(today: datetime.date) -> dict[User, list[Complaint]]:
    """For the reminder e-mails: each handler's open complaints whose deadline is today, within two working days
    or passed; every complaints coordinator gets all of them, corruption ones only with the corruption permission."""
    horizon = add_working_days(today, DIGEST_WARNING_DAYS)
    near = Q(state__in=NOT_ACKNOWLEDGED, acknowledge_due__lte=horizon) | Q(
        state__in=OPEN_STATES, resolve_due__lte=horizon
    )
    complaints = list(
        Complaint.objects.filter(near)
        .select_related("category", "department", "handler")
        .order_by("resolve_due", "received_at")
    )
    digest: dict[User, list[Complaint]] = {}
    corruption_holders = set(_holders("handle_corruption").values_list("pk", flat=True))
    for complaint in complaints:
        handler = complaint.handler
        permitted = not complaint.category.is_corruption or (handler is not None and handler.pk in corruption_holders)
        if handler is not None and handler.is_active and permitted:
            digest.setdefault(handler, []).append(complaint)
    for coordinator in _holders("coordinate_complaints").distinct():
        mine = [c for c in complaints if not c.category.is_corruption or coordinator.pk in corruption_holders]
        if mine:
            already = digest.get(coordinator, [])
            digest[coordinator] = already + [c for c in mine if c not in already]
    return digest
