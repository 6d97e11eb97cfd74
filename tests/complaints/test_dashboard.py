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


def test_the_panel_reads_counts_only(users, general, own_department, fiscal_year, django_assert_num_queries):
    from complaints.dashboard import complaints_panel

    for day in (1, 2, 3):
        file_complaint(general, at(2021, 2, day), department=own_department)
    coordinator = users["coordinator"]
    with time_machine.travel(TODAY, tick=False):
        complaints_panel(coordinator, fiscal_year)  # the user's permissions and department, read once
        with django_assert_num_queries(2):  # the holidays of "due soon", and one aggregate: no overdue rows
            panel = complaints_panel(coordinator, fiscal_year)
    assert (panel.data["open"], panel.data["overdue"]) == (3, 3)


def test_the_overview_names_departments_in_the_reader_s_language(client, users, general, other_department):
    file_complaint(general, at(2021, 1, 4), department=other_department)
    file_complaint(general, at(2021, 1, 5))  # nobody's yet
    client.force_login(users["coordinator"])
    english = client.get("/complaints/overview/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    by_department = english.split("Overdue by department", 1)[1]
    assert "Finance Division" in by_department
    assert "กองคลัง" not in by_department
    assert "Not assigned yet" in by_department
    thai = client.get("/complaints/overview/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "กองคลัง" in thai.split("เรื่องเกินกำหนดจำแนกตามหน่วยงาน", 1)[1]
