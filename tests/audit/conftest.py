import pytest


@pytest.fixture
def staff(client, staff_user, wilayah):
    """A staff member signed in, with the official kelurahan loaded."""
    client.force_login(staff_user)
    return client
