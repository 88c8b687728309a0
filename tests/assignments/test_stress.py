"""Many staff members posting, moving and releasing at once on PostgreSQL.

Twenty workers hammer the demo roster for a few seconds. Afterwards the
one-to-one rules must hold, and every refusal must have been a clear message
(a ValidationError from the services), never a database error.
"""

import datetime
import io
import itertools
import random
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from assignments import services
from assignments.models import Assignment
from registry.models import Facilitator, Kelurahan
from tests.conftest import transactional

pytestmark = [pytest.mark.postgresql, *transactional]

WORKERS = 20
SECONDS = 4
KNOWN_REFUSALS = [
    "sudah didampingi",
    "sudah ditugaskan",
    "tidak ditugaskan pada",
    "harus dimulai setelah",
    "tidak dapat berakhir sebelum",
    "pada saat yang sama",
]


def test_twenty_workers_at_once_keep_the_rules():
    call_command("seed_demo", stdout=io.StringIO())
    facilitators = list(Facilitator.objects.all())
    kelurahan = list(Kelurahan.objects.all())
    days = itertools.count(1)  # every operation a later day, as real decrees are
    day_lock = threading.Lock()
    outcomes = {"done": 0, "refused": 0}
    unexpected = []
    deadline = time.monotonic() + SECONDS

    def next_day():
        with day_lock:
            return datetime.date(2020, 1, 1) + datetime.timedelta(days=next(days))

    def worker(seed):
        rng = random.Random(seed)
        try:
            while time.monotonic() < deadline:
                facilitator, place = rng.choice(facilitators), rng.choice(kelurahan)
                operation = rng.choice(["post", "move", "release"])
                try:
                    if operation == "post":
                        services.assignment_create(
                            facilitator=facilitator, kelurahan=place, start_date=next_day(), by=None
                        )
                    elif operation == "move":
                        services.assignment_move(
                            facilitator=facilitator,
                            to_kelurahan=place,
                            start_date=next_day(),
                            by=None,
                        )
                    else:
                        services.assignment_release(
                            facilitator=facilitator, end_date=next_day(), by=None
                        )
                except ValidationError as error:
                    message = " ".join(error.messages)
                    if not any(known in message for known in KNOWN_REFUSALS):
                        unexpected.append(message)
                    outcomes["refused"] += 1
                else:
                    outcomes["done"] += 1
        except Exception as error:  # noqa: BLE001 - any other error is the failure we look for
            unexpected.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)

    assert unexpected == []
    assert outcomes["done"] > 20, outcomes
    assert outcomes["refused"] > 0, outcomes

    current = Assignment.objects.current()
    assert current.values("kelurahan").distinct().count() == current.count()
    assert current.values("facilitator").distinct().count() == current.count()
    for field in ("kelurahan_id", "facilitator_id"):
        periods = sorted(
            Assignment.objects.values_list(field, "start_date", "end_date"),
        )
        for (owner_a, _start_a, end_a), (owner_b, start_b, _end_b) in itertools.pairwise(periods):
            if owner_a == owner_b:
                assert end_a is not None and end_a < start_b, (field, owner_a)
