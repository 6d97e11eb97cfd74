"""Everyone with a role sees the ITA calendar; the coordinator manages it and the beat schedules
in the admin (collected by core.roles)."""

from core.roles import Role, crud, view

BEAT_MODELS = ("periodictask", "crontabschedule", "intervalschedule", "solarschedule", "clockedschedule")

ROLE_GRANTS = {role: view("schedules", "deadline") for role in Role} | {
    Role.COORDINATOR: crud("schedules", "deadline")
    | {"schedules.mark_deadline_done"}
    | crud("django_celery_beat", *BEAT_MODELS),
}
