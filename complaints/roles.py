"""What each role may do with complaints (collected by core.roles).

Corruption complaints need `complaints.handle_corruption`, which no role holds: the coordinator
grants it to named users in the admin (Users → user permissions).
"""

from core.roles import Role, crud, view

COMPLAINT_MODELS = ("category", "complaint", "complaintevent", "attachment", "guideline")

ROLE_GRANTS = {
    Role.STAFF: {
        "complaints.view_complaint",
        "complaints.add_complaint",
        "complaints.change_complaint",
        "complaints.view_category",
    },
    Role.COORDINATOR: crud("complaints", *COMPLAINT_MODELS)
    | {"complaints.coordinate_complaints", "complaints.view_complainant_identity"},
    Role.EXECUTIVE: view("complaints", "complaint", "category"),
    Role.AUDITOR: view("complaints", "complaint", "category"),
}
