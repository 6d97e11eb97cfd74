"""What each role may do with the ITA framework, measures and evidence (collected by core.roles)."""

from core.roles import Role, crud, view

FRAMEWORK_MODELS = ("framework", "indicator", "subindicator", "oititem")
WORK_MODELS = ("measure", "evidence", "evidencerevision")

ROLE_GRANTS = {
    Role.STAFF: view("indicators", *FRAMEWORK_MODELS, *WORK_MODELS)
    | {"indicators.add_evidence", "indicators.change_evidence"},
    Role.COORDINATOR: crud("indicators", *FRAMEWORK_MODELS, *WORK_MODELS)
    | {"indicators.review_evidence", "indicators.publish_evidence"},
    Role.EXECUTIVE: view("indicators", *FRAMEWORK_MODELS, *WORK_MODELS),
    Role.AUDITOR: view("indicators", *FRAMEWORK_MODELS, *WORK_MODELS),
}
