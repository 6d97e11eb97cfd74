"""The complaint deadline digest: one message a day to each handler and complaints coordinator.

Registered as a reminder source in ComplaintsConfig.ready(); notifications/reminders.py does the rest
(one message per person and day, however often the daily run goes).
"""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.thai import thai_date
from notifications.reminders import Due

from .models import Complaint, State
from .selectors import deadline_digest


def _line(complaint: Complaint, today: datetime.date) -> str:
    # Only the tracking code, category and deadline travel by e-mail: the complaint's text and the
    # complainant stay in the portal, behind its permissions.
    if complaint.state == State.RECEIVED:
        label, due = _("acknowledge by"), complaint.acknowledge_due
    else:
        label, due = _("resolve by"), complaint.resolve_due
    late = _(" (overdue)") if due < today else ""
    url = settings.SITE_BASE_URL + reverse("complaints:detail", args=[complaint.pk])
    return f"- {complaint.tracking_code} · {complaint.category} · {label} {thai_date(due)}{late}\n  {url}"


def complaint_digest(today: datetime.date) -> Iterator[Due]:
    for user, lines in deadline_digest(today).items():
        body = [_line(complaint, today) for complaint in lines.complaints]
        if lines.total > len(lines.complaints):
            more = lines.total - len(lines.complaints)
            body.append(_("… and %(n)d more: see them in the complaint list.") % {"n": more})
        yield Due(
            key=f"complaints-digest:{today.isoformat()}",
            recipients=[user],
            subject=ngettext(
                "%(n)d complaint is due soon or overdue",
                "%(n)d complaints are due soon or overdue",
                lines.total,
            )
            % {"n": lines.total},
            body="\n".join(body),
            link=reverse("complaints:list") + "?overdue=1",
            due_date=today,
        )
