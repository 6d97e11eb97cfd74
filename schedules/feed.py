"""The ITA calendar as an iCalendar (RFC 5545) feed, written with the icalendar library."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from .models import Deadline


def calendar_ics(deadlines: Iterable[Deadline], *, name: str) -> bytes:
    host = urlsplit(settings.SITE_BASE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//ITA portal//ITA calendar//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for deadline in deadlines:
        event = Event()
        # Stable UID: a calendar app updates the event when the coordinator moves the date.
        event.add("uid", f"deadline-{deadline.pk}@{host}")
        event.add("dtstamp", deadline.updated_at or timezone.now())
        event.add("last-modified", deadline.updated_at or timezone.now())
        # An all-day event on the due date (DTEND is exclusive); the window is in the description.
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + datetime.timedelta(days=1))
        summary = deadline.title if not deadline.is_done else _("Done: %(title)s") % {"title": deadline.title}
        event.add("summary", summary)
        lines = [deadline.description] if deadline.description else []
        if deadline.starts_on:
            lines.append(_("Window: %(start)s – %(end)s") % {"start": deadline.starts_on, "end": deadline.due_on})
        event.add("description", "\n".join(lines))
        event.add("url", f"{settings.SITE_BASE_URL}{reverse('schedules:calendar')}?year={deadline.fiscal_year.year}")
        event.add("transp", "TRANSPARENT")
        if not deadline.is_done:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", deadline.title)
            alarm.add("trigger", datetime.timedelta(days=-7))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
