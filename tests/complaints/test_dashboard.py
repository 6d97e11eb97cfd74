"""The complaints panel on the signed-in home page: today's open and overdue work, corruption counted only
for those allowed to see it."""

import time_machine

from .conftest import at, file_complaint, grant

TODAY = at(2021, 3, 8)


def figure(page: str, name: str) -> str:
    return page.split(f'data-figure="{name}">', 1)[1].split("<", 1)[0]


def test_counts_follow_what_the_user_may_see(client, users, general, corruption, own_department, fiscal_year):
    file_complaint(general, at(2021, 2, 1), department=own_department)  # acknowledge due long ago: overdue
    file_complaint(general, at(2021, 3, 5), department=own_department)  # due soon
    file_complaint(corruption, at(2021, 2, 1), department=own_department)
    with time_machine.travel(TODAY, tick=False):
        client.force_login(users["coordinator"])
        page = client.get("/", {"year": 2564}).content.decode()
        assert 'id="panel-complaints"' in page
        assert (figure(page, "open"), figure(page, "not-acknowledged"), figure(page, "overdue")) == ("2", "2", "1")
        grant(users["coordinator"], "handle_corruption")
        client.force_login(users["coordinator"])
        page = client.get("/", {"year": 2564}).content.decode()
        assert (figure(page, "open"), figure(page, "overdue")) == ("3", "2")


def test_no_panel_without_the_permission(client, users, fiscal_year):
    client.force_login(users["no_role"])
    assert 'id="panel-complaints"' not in client.get("/", {"year": 2564}).content.decode()
