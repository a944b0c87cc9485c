from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from jobs.planner import start_planner


class Command(BaseCommand):
    help = (
        "Voert achtergrondtaken uit met de worker die bij TASKS_BACKEND past: RQ op Redis (met REDIS_URL) of "
        "de database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Stop zodra de wachtrij leeg is.")

    def handle(self, *args, burst=False, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if not burst:
            start_planner()
        if backend == "django_tasks_rq.RQBackend":
            # The scheduler runs the retries that django-tasks defers (run_after).
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True, burst=burst
            )
        elif backend == "django_tasks_db.DatabaseBackend":
            call_command("db_worker", batch=burst)
        else:
            self.stderr.write(f"Geen worker nodig of bekend voor {backend}: taken draaien daar direct.")
