"""Demo data of the core app: the organisation profile, departments and one user per role."""

from django.contrib.auth.models import Group, User

from .models import Department, Organisation, UserProfile

# Development only: load_demo creates these accounts when DEBUG is on or when asked.
DEMO_PASSWORD = "ita-demo-2564"  # noqa: S105


def load_demo(data: dict, *, with_users: bool, log) -> None:
    profile = dict(data["organisation"])
    coordinating = profile.pop("coordinating_department", None)
    organisation = Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first()
    if organisation is None:
        organisation = Organisation.objects.create(**profile)
        log("organisation profile created")
    for order, department in enumerate(data["departments"], start=1):
        _, created = Department.objects.get_or_create(
            name_th=department["name_th"], defaults={"name_en": department.get("name_en", ""), "order": order}
        )
        if created:
            log(f"department {department['name_th']}")
    if coordinating and organisation.coordinating_department_id is None:
        organisation.coordinating_department = Department.objects.get(name_th=coordinating)
        organisation.save(update_fields=["coordinating_department"])
    if with_users:
        for spec in data["users"]:
            _demo_user(spec, log)


def _demo_user(spec: dict, log) -> None:
    user, created = User.objects.get_or_create(
        username=spec["username"],
        defaults={"first_name": spec["first_name"], "last_name": spec["last_name"]},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = spec["role"] == "coordinator"  # the coordinator also manages users in the admin
        user.save()
        user.groups.add(Group.objects.get(name=spec["role"]))
        UserProfile.objects.create(
            user=user,
            department=Department.objects.get(name_th=spec["department"]),
            position=spec.get("position", ""),
        )
    log(f"user {spec['username']:<12} role {spec['role']:<12} password {DEMO_PASSWORD}")
