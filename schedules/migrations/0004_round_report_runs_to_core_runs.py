"""The schedule's round report runs become core report runs (one runner for the report screens and the
schedule), then go; the roles lose the permissions of the two old models and see the new one."""

from django.db import migrations

ACTIVE = ("queued", "running")


def forwards(apps, schema_editor):
    from core.roles import sync_roles

    RoundReportRun = apps.get_model("schedules", "RoundReportRun")
    ReportRun = apps.get_model("core", "ReportRun")
    for old in RoundReportRun.objects.order_by("pk"):
        state = "done" if old.report_id else "failed" if old.error else "queued"
        same_report = {"kind": old.kind, "fiscal_year_id": old.fiscal_year_id, "round": old.round}
        if state == "queued":
            on_its_way = ReportRun.objects.filter(**same_report, state__in=ACTIVE)
            if on_its_way.update(scheduled=True):  # a person's request already on its way: the schedule adopts it
                continue
        run = ReportRun.objects.create(
            **same_report,
            scheduled=True,
            state=state,
            report_id=old.report_id,
            error=old.error,
            reason=old.error,  # the schedule's errors were already written for the coordinators
            attempts=old.attempts,
            attempted_at=old.attempted_at or old.ran_at,
            finished_at=old.ran_at if state != "queued" else None,
            announced_at=old.announced_at,
        )
        ReportRun.objects.filter(pk=run.pk).update(created_at=old.ran_at)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("schedules", "0003_round_report_runs_announced"),
        ("archive", "0004_report_jobs_to_core_runs"),
        ("core", "0006_reportrun"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="RoundReportRun"),
    ]
