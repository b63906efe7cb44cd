"""The store's tests run on SQLite and, in modules with `BOTH_ENGINES = True`, on PostgreSQL."""

from tests.engines import (  # noqa: F401 (fixtures)
    collated_db_value,
    database,
    db_value,
    engine,
    parametrize_engines,
    pg_templates,
    roha_database,
)


def pytest_generate_tests(metafunc):
    parametrize_engines(metafunc)
