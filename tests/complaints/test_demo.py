"""load_demo adds FY2564 complaints in every state and channel, corruption ones included, once."""

from django.contrib.auth.models import User
from django.core.management import call_command

from complaints.models import Channel, Complaint, Guideline, State
from core.fiscal import fiscal_year_period
from core.models import Holiday


def test_the_demo_covers_every_state_and_channel_and_loads_once(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Complaint.objects.count(), Holiday.objects.count())
    call_command("load_demo")
    assert (Complaint.objects.count(), Holiday.objects.count()) == counts
    assert set(Complaint.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Complaint.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert Complaint.objects.filter(category__is_corruption=True).count() >= 3
    year = fiscal_year_period(2564)
    assert all(year.start <= c.received_at.date() <= year.end for c in Complaint.objects.all())
    assert Guideline.objects.get().published
    assert User.objects.get(username="coordinator").has_perm("complaints.handle_corruption")
    assert not User.objects.get(username="staff").has_perm("complaints.handle_corruption")
