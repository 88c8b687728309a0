# The signed-in staff member of the import tests, whose jobs these tests follow.
from tests.imports.conftest import staff  # noqa: F401
