"""Reads of the complaints app: who sees which complaint, the filtered list, overdue work, statistics, the digest.

Confidentiality is decided here once: every page, export, count and report
starts from `complaints_visible_to`, so a corruption complaint cannot leak
through a screen that forgot to check.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext

from core.access import department_id_of, sees_all_departments, users_with_permission
from core.charts import Chart, Kind, Series
from core.days import in_period, on_days
from core.fiscal import Period
from core.models import Department
from core.workdays import add_working_days

from .models import (
    FINISHED_STATES,
    OPEN_STATES,
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    State,
    normalise_tracking_code,
)

DIGEST_WARNING_DAYS = 2
DIGEST_LIMIT = 30  # lines in one e-mail; the rest are counted, and the e-mail links to the list
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


def audit_scope(user: User | AnonymousUser) -> Q | None:
    """The audit entries of complaints, their steps and their files that ``user`` may read (a `core.audit` scope).

    Those of corruption complaints only with `complaints.handle_corruption`: even a tracking code or the
    department handling it says that such a complaint exists. Default deny: an entry shows only when it
    belongs to a general complaint still on record, so the entries of a deleted record stay hidden too.
    """
    if user.has_perm("complaints.handle_corruption"):
        return None
    types = ContentType.objects.get_for_models(Complaint, ComplaintEvent, Attachment)
    general = Complaint.objects.filter(category__is_corruption=False)
    return (
        ~Q(content_type__in=types.values())
        | Q(content_type=types[Complaint], object_id__in=general.values("pk"))
        | Q(
            content_type=types[ComplaintEvent],
            object_id__in=ComplaintEvent.objects.filter(complaint__in=general).values("pk"),
        )
        | Q(content_type=types[Attachment], object_id__in=Attachment.objects.filter(complaint__in=general).values("pk"))
    )


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
    complaints = complaints.filter(on_days("received_at", filters.date_from, filters.date_to))
    if filters.text:
        code = normalise_tracking_code(filters.text)
        # A whole tracking code is looked up through its unique index; anything else searches the subjects.
        complaints = (
            complaints.filter(tracking_code=code) if code else complaints.filter(subject__icontains=filters.text)
        )
    return complaints.annotate(
        overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def public_history(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """The steps the public status page shows: those that changed the state or answered the complainant.
    A step with an internal note only (or a reassignment) stays inside, and so does when it happened."""
    changed_or_answered = ~Q(from_state=F("to_state")) | ~Q(public_reply="")
    return complaint.events.filter(changed_or_answered).prefetch_related("attachments").order_by("at", "pk")


def categories_for(user: User | AnonymousUser) -> QuerySet[Category]:
    """Categories a user may file under or filter by: corruption ones only with the permission."""
    categories = Category.objects.filter(active=True)
    if not user.has_perm("complaints.handle_corruption"):
        categories = categories.filter(is_corruption=False)
    return categories


def open_counts(user: User, today: datetime.date) -> dict[str, int]:
    """Open work by state, overdue and due within two working days: one aggregate over what ``user`` may see."""
    return complaints_visible_to(user).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in OPEN_STATES},
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count(
            "pk",
            filter=Q(state__in=OPEN_STATES, resolve_due__gte=today, resolve_due__lte=add_working_days(today, 2)),
        ),
    )


def overview(user: User, today: datetime.date) -> dict:
    """The coordinator's screen: open work by state, overdue work by department, the oldest overdue complaints."""
    overdue = complaints_visible_to(user).filter(overdue_q(today))
    # Grouped by the department's id, not its Thai name, so each row shows the name in the reader's language.
    per_department = list(
        overdue.values("department_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "department__order", "department_id")
    )
    departments = Department.objects.in_bulk([row["department_id"] for row in per_department if row["department_id"]])
    by_department = [
        {"department": departments.get(row["department_id"]), "count": row["count"]} for row in per_department
    ]
    oldest = overdue.select_related("category", "department", "handler").order_by("resolve_due")[:20]
    return {"counts": open_counts(user, today), "by_department": by_department, "oldest_overdue": list(oldest)}


@dataclass
class Tally:
    """The O31 numbers of one group of complaints, summed from the database's grouped counts."""

    received: int = 0
    finished: int = 0
    in_progress: int = 0
    not_handled: int = 0
    within_deadline: int = 0
    acknowledge_days_sum: int = 0
    acknowledged: int = 0
    resolve_days_sum: int = 0
    resolved: int = 0

    def add(self, row: Mapping[str, Any]) -> None:
        self.received += row["n"]
        if row["state"] in FINISHED_STATES:
            self.finished += row["n"]
            self.within_deadline += row["within"]
            self.resolve_days_sum += row["resolve_sum"] or 0
            self.resolved += row["resolve_n"]
        elif row["state"] in NOT_ACKNOWLEDGED:
            self.not_handled += row["n"]
        else:
            self.in_progress += row["n"]
        self.acknowledge_days_sum += row["acknowledge_sum"] or 0
        self.acknowledged += row["acknowledge_n"]

    @property
    def avg_acknowledge_days(self) -> float | None:
        return self.acknowledge_days_sum / self.acknowledged if self.acknowledged else None

    @property
    def avg_resolve_days(self) -> float | None:
        return self.resolve_days_sum / self.resolved if self.resolved else None

    @property
    def within_deadline_share(self) -> float | None:
        return 100.0 * self.within_deadline / self.finished if self.finished else None


def statistics(period: Period, *, include_corruption: bool) -> dict:
    """O31 statistics of complaints received in ``period``: totals, by category, channel and state,
    and the corruption category on its own.

    One grouped query (category × channel × state, at most a few hundred rows) does the counting
    and summing in the database; the totals are added up from those groups.
    """
    received = Complaint.objects.filter(in_period("received_at", period))
    if not include_corruption:
        received = received.filter(category__is_corruption=False)
    groups = (
        received.values("category_id", "channel", "state")
        .annotate(
            n=Count("pk"),
            within=Count("pk", filter=Q(finished_at__isnull=False, finished_at__date__lte=F("resolve_due"))),
            acknowledge_sum=Sum("acknowledge_days"),
            acknowledge_n=Count("acknowledge_days"),
            resolve_sum=Sum("resolve_days"),
            resolve_n=Count("resolve_days"),
        )
        .order_by()
    )
    categories = {c.pk: c for c in Category.objects.filter(pk__in={g["category_id"] for g in groups})}
    total, corruption = Tally(), Tally()
    by_category: dict[int, Tally] = {}
    by_channel: dict[str, int] = {}
    by_state: dict[str, int] = {}
    for row in groups:
        total.add(row)
        by_category.setdefault(row["category_id"], Tally()).add(row)
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + row["n"]
        by_state[row["state"]] = by_state.get(row["state"], 0) + row["n"]
        if categories[row["category_id"]].is_corruption:
            corruption.add(row)
    channel_labels, state_labels = dict(Channel.choices), dict(State.choices)
    category_rows = [
        {"category": category, "tally": by_category[category.pk]}
        for category in sorted(categories.values(), key=lambda c: (c.order, c.name_th))
    ]
    return {
        "total": total,
        "by_category": category_rows,
        "chart": _progress_chart(category_rows),
        "by_channel": [
            {"channel": key, "label": channel_labels.get(key, key), "count": count}
            for key, count in sorted(by_channel.items(), key=lambda item: (-item[1], item[0]))
        ],
        "by_state": [
            {"state": key, "label": state_labels.get(key, key), "count": by_state[key]}
            for key in State.values
            if key in by_state
        ],
        "corruption": corruption if include_corruption else None,
    }


def _progress_chart(category_rows: list[dict[str, Any]]) -> Chart:
    """Per category, the complaints received split into finished, in progress and not yet handled."""
    tallies = [row["tally"] for row in category_rows]
    return Chart(
        key="complaints-by-category",
        kind=Kind.STACKED_BAR,
        title=gettext("Complaints received by category"),
        categories=[
            f"{row['category'].name} *" if row["category"].is_corruption else row["category"].name
            for row in category_rows
        ],
        series=[
            Series(gettext("Finished"), [tally.finished for tally in tallies]),
            Series(gettext("In progress"), [tally.in_progress for tally in tallies]),
            Series(gettext("Not yet handled"), [tally.not_handled for tally in tallies]),
        ],
        category_title=gettext("Category"),
        unit=gettext("Complaints"),
    )


@dataclass(frozen=True)
class DigestLines:
    complaints: list[Complaint]  # the first DIGEST_LIMIT, earliest deadline first
    total: int


def deadline_digest(today: datetime.date) -> dict[User, DigestLines]:
    """For the reminder e-mails: each handler's open complaints whose deadline is today, within two working days
    or passed; every complaints coordinator gets all of them, corruption ones only with the corruption permission.

    Counted and cut in the database, per person: a backlog of thousands of overdue complaints costs two
    queries per recipient, never a load of all of them; the e-mail lists the first DIGEST_LIMIT.
    """
    horizon = add_working_days(today, DIGEST_WARNING_DAYS)
    near = Complaint.objects.filter(
        Q(state__in=NOT_ACKNOWLEDGED, acknowledge_due__lte=horizon) | Q(state__in=OPEN_STATES, resolve_due__lte=horizon)
    )
    corruption_holders = set(users_with_permission("complaints.handle_corruption").values_list("pk", flat=True))
    coordinators = set(users_with_permission("complaints.coordinate_complaints").values_list("pk", flat=True))
    handlers = set(
        near.filter(handler__is_active=True)
        .filter(Q(category__is_corruption=False) | Q(handler__in=corruption_holders))
        .values_list("handler_id", flat=True)
        .distinct()
    )
    digest: dict[User, DigestLines] = {}
    for user in User.objects.filter(pk__in=handlers | coordinators).order_by("pk"):
        mine = near if user.pk in coordinators else near.filter(handler=user)  # a coordinator may also be a handler
        if user.pk not in corruption_holders:
            mine = mine.filter(category__is_corruption=False)
        total = mine.count()
        if total:
            first = mine.select_related("category", "department", "handler").order_by(
                "resolve_due", "received_at", "pk"
            )
            digest[user] = DigestLines(complaints=list(first[:DIGEST_LIMIT]), total=total)
    return digest
