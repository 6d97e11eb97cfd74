"""Settings of the real Celery worker the worker tests start: the portal's own, plus what a test steers.

- e-mail goes to tests.realworker.backends.RecordingBackend (a folder the test reads);
- tasks and results go to the test's own queue and Redis database (TEST_CELERY_QUEUE, REDIS_URL);
- TEST_FROZEN_TIME (ISO datetime) moves the worker's clock there, still ticking (time-machine).
"""

import datetime
import os

from takbai_ita.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.realworker.backends.RecordingBackend"
CELERY_TASK_DEFAULT_QUEUE = os.environ["TEST_CELERY_QUEUE"]
CELERY_RESULT_BACKEND = os.environ["REDIS_URL"]
CELERY_RESULT_EXPIRES = 600

if os.environ.get("TEST_FROZEN_TIME"):
    import time_machine

    time_machine.travel(datetime.datetime.fromisoformat(os.environ["TEST_FROZEN_TIME"]), tick=True).start()
