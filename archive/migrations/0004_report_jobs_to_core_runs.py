"""Report jobs become core report runs (one runner for the report screens and the schedule), then go."""

from django.db import migrations


def forwards(apps, schema_editor):
    ReportJob = apps.get_model("archive", "ReportJob")
    ReportRun = apps.get_model("core", "ReportRun")
    for job in ReportJob.objects.order_by("pk"):
        run = ReportRun.objects.create(
            kind=job.kind,
            fiscal_year_id=job.fiscal_year_id,
            round=job.round,
            requested_by_id=job.requested_by_id,
            scheduled=False,
            state=job.state,
            report_id=job.report_id,
            error=job.error,
            reason=job.reason,
            attempts=1 if job.started_at else 0,
            attempted_at=job.started_at or job.created_at,
            finished_at=job.finished_at,
        )
        # created_at is set on create (auto_now_add): keep when it was really asked for.
        ReportRun.objects.filter(pk=run.pk).update(created_at=job.created_at)


def backwards(apps, schema_editor):
    ReportJob = apps.get_model("archive", "ReportJob")
    ReportRun = apps.get_model("core", "ReportRun")
    for run in ReportRun.objects.filter(scheduled=False).order_by("pk"):
        job = ReportJob.objects.create(
            kind=run.kind,
            fiscal_year_id=run.fiscal_year_id,
            round=run.round,
            requested_by_id=run.requested_by_id,
            state=run.state,
            report_id=run.report_id,
            error=run.error,
            reason=run.reason,
            started_at=run.attempted_at if run.attempts else None,
            finished_at=run.finished_at,
        )
        ReportJob.objects.filter(pk=job.pk).update(created_at=run.created_at)
    ReportRun.objects.filter(scheduled=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_job_reason"),
        ("core", "0006_reportrun"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ReportJob"),
    ]
