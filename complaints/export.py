"""The complaint list as export rows (CSV and XLSX alike): the columns of the list page, and who filed only when
asked for and allowed."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import IDENTITY_FIELDS, Complaint


def complaint_export_rows(complaints: QuerySet[Complaint], *, with_identity: bool) -> Iterator[list]:
    """A header, then a row per complaint; ``with_identity`` adds who filed (the caller checks the permission)."""
    header = [
        _("Tracking code"),
        _("Received"),
        _("Category"),
        _("Channel"),
        _("State"),
        _("Department"),
        _("Handler"),
        _("Subject"),
        _("Acknowledge by"),
        _("Resolve by"),
        _("Overdue"),
    ]
    if with_identity:
        header += [_("Anonymous"), _("Name"), _("Phone"), _("E-mail"), _("Address")]
    yield header
    for c in complaints.iterator(chunk_size=2000):
        row = [
            c.tracking_code,
            c.received_at,
            c.category.name,
            c.get_channel_display(),
            c.get_state_display(),
            c.department.name if c.department else "",
            (c.handler.get_full_name() or c.handler.username) if c.handler else "",
            c.subject,
            c.acknowledge_due,
            c.resolve_due,
            _("yes") if c.overdue else "",
        ]
        if with_identity:
            row += [_("yes") if c.anonymous else "", *(getattr(c, f) for f in IDENTITY_FIELDS)]
        yield row
