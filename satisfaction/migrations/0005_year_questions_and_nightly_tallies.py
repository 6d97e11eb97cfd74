"""Every fiscal year already in the portal gets its questions now (new ones get them when created,
satisfaction/signals.py), and the daily tallies get a nightly task: pages no longer create either."""

from django.db import migrations


def questions_for_every_year(apps, schema_editor):
    """Version 1 for each year without questions, oldest first: the year before's latest, else the usual ones.

    The same choice as satisfaction.selectors.questions_to_start_with, frozen here as migrations are.
    """
    from satisfaction.models import DEFAULT_QUESTIONS

    FiscalYear = apps.get_model("core", "FiscalYear")
    QuestionSet = apps.get_model("satisfaction", "QuestionSet")
    Question = apps.get_model("satisfaction", "Question")
    texts = list(DEFAULT_QUESTIONS)
    for fiscal_year in FiscalYear.objects.order_by("year"):
        latest = QuestionSet.objects.filter(fiscal_year=fiscal_year).order_by("-version").first()
        if latest is None:
            latest = QuestionSet.objects.create(fiscal_year=fiscal_year, version=1)
            Question.objects.bulk_create(
                Question(question_set=latest, position=position, text=text) for position, text in enumerate(texts, 1)
            )
        texts = list(Question.objects.filter(question_set=latest).order_by("position").values_list("text", flat=True))


def nightly_tallies(apps, schema_editor):
    """The entry satisfaction registers in its AppConfig.ready()."""
    from core.beat import ensure_schedules

    ensure_schedules(apps, app_label="satisfaction")


class Migration(migrations.Migration):
    dependencies = [
        ("satisfaction", "0004_daily_profile_tally"),
        ("core", "0004_organisation_coordinating_department"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(questions_for_every_year, migrations.RunPython.noop),
        migrations.RunPython(nightly_tallies, migrations.RunPython.noop),
    ]
