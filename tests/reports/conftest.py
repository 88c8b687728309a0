import datetime
import zoneinfo

import pytest
import time_machine

from registry.models import ReportSettings

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2024, 7, 1)


@pytest.fixture(autouse=True)
def _fixed_today():
    """Reports carry the date they were printed on: the tests print on 1 July 2024."""
    with time_machine.travel(datetime.datetime(2024, 7, 1, 9, 30, tzinfo=JAKARTA), tick=False):
        yield


@pytest.fixture
def signer(db):
    """The letterhead and signer as an administrator sets them in the admin."""
    settings_row = ReportSettings.load()
    settings_row.address = "Jl. Contoh No. 1, Pekalongan 51111"
    settings_row.signer_name = "Drs. Contoh Penanda Tangan, M.Si."
    settings_row.signer_nip = "19700101 199503 1 001"
    settings_row.save()
    return settings_row


@pytest.fixture
def supervisor(client, supervisor_user):
    client.force_login(supervisor_user)
    return client
