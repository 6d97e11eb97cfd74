"""Staff see their department's service points and results; the coordinator runs points, questions
and O16 (collected by core.roles)."""

from core.roles import Role, crud, view

READ = view("satisfaction", "servicepoint", "questionset", "question", "response", "recommendation")

ROLE_GRANTS = {
    Role.STAFF: READ,
    Role.COORDINATOR: crud("satisfaction", "servicepoint", "questionset", "question", "recommendation")
    | {"satisfaction.view_response"},
    Role.EXECUTIVE: READ,
    Role.AUDITOR: READ,
}
