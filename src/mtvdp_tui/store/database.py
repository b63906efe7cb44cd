"""Opening a database (a SQLite file, or a PostgreSQL database named by a URL): checks, pragmas,
migrations, the first ruleset.

No engine exists at import time; `open_database` is called once at start-up (from the CLI, the
tests or the benchmark) with an explicit path or URL (`store.engines.is_postgres`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy
import sqlalchemy.engine
import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event, select
from sqlmodel import Session

from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.files import SIDE_ROOM, guard_database, temporary_beside
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError, StaleRecordError, StorageError
from mtvdp_tui.store import transactions
from mtvdp_tui.store.audit import AuditRepository
from mtvdp_tui.store.backup import make_backup
from mtvdp_tui.store.database_file import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    check_before_opening,
    check_existing,
    check_writable,
    is_new,
    locate,
    refusal,
    schema_gaps_of,
    sqlite_reason,
    sqlite_text,
)
from mtvdp_tui.store.declarations import DeclarationRepository
from mtvdp_tui.store.engines import is_postgres, on_connect_sqlite
from mtvdp_tui.store.lotteries import LotteryRepository
from mtvdp_tui.store.monitoring import MonitoringRepository
from mtvdp_tui.store.plan_overview import PlanOverviewRepository
from mtvdp_tui.store.plans import PlanRepository
from mtvdp_tui.store.practices import PracticeRepository
from mtvdp_tui.store.sqlite_files import engine_url, side_files
from mtvdp_tui.store.tables import Region, RulesetRecord, Setting, table_of

ACTIVE_RULESET = "active_ruleset_id"
__all__ = [  # with what callers know from `store.database_file`
    "KNOWN_REVISIONS",
    "SCHEMA_HEAD",
    "Database",
    "NewRuleset",
    "check_existing",
    "current_revision",
    "is_new",
    "locate",
    "make_engine",
    "migrate",
    "open_database",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewRuleset:
    """The ruleset a new database is created with, and the TOML text stored with it."""

    ruleset: Ruleset
    toml_text: str
    source_name: str


@dataclass
class Database:
    path: Path | None  # the SQLite file; None on a PostgreSQL server
    engine: Engine
    ruleset: Ruleset
    practices: PracticeRepository
    plans: PlanRepository
    plan_overview: PlanOverviewRepository
    lotteries: LotteryRepository
    declarations: DeclarationRepository
    audit: AuditRepository
    monitoring: MonitoringRepository
    name: str = ""  # what the header and messages show: the file's name, or user@host/dbname

    def __post_init__(self) -> None:
        if not self.name and self.path is not None:
            self.name = self.path.name

    def close(self) -> None:
        """Close every connection (a transaction still open is rolled back); may be repeated."""
        self.engine.dispose()


def open_database(
    path: Path | str,
    *,
    new_ruleset: Callable[[], NewRuleset],
    today: Callable[[], date] = date.today,
) -> Database:
    """Open (creating when absent) the database at `path`, migrated to the current schema.

    `new_ruleset` is only called when the file is new. Everything refused is a DatabaseError
    in Dutch, and a refusal leaves the folder as it was (no `-wal`, `-shm` or half-made file).
    A `postgresql://` URL opens that database on its server (see `_open_postgres`).
    """
    if isinstance(path, str):
        if is_postgres(path):
            return _open_postgres(path, new_ruleset, today)
        path = Path(path)
    path = locate(path)
    if is_new(path):
        _create(path, new_ruleset())
    else:
        check_writable(path)
        check_before_opening(path)
    guard_database(path)
    absent = [side for side in side_files(path) if not side.exists()]
    engine = make_engine(path)
    try:
        revision = current_revision(engine)
        if revision != SCHEMA_HEAD:
            make_backup(path, "voor-bijwerken")
            log.info("migrating %s from revision %s to %s", path, revision, SCHEMA_HEAD)
            migrate(engine)
            _check_schema_of(engine, path)
            log.info("migrated %s to revision %s", path, SCHEMA_HEAD)
        ruleset = _load_active_ruleset(engine)
    except BaseException as error:
        engine.dispose()
        _remove_own_side_files(path, absent)
        log.warning("database %s refused: %s", path, type(error).__name__)
        raise refusal(path, error) from error
    log.info("database opened: %s (regeling %s)", path, ruleset.name)
    return _database(path, engine, ruleset, today)


def _database(
    path: Path | None, engine: Engine, ruleset: Ruleset, today: Callable[[], date], name: str = ""
) -> Database:
    used = repository_engine(engine)
    plan_overview = PlanOverviewRepository(used, ruleset, today)
    return Database(
        path,
        engine,
        ruleset,
        PracticeRepository(used, ruleset, today),
        PlanRepository(used, today),
        plan_overview,
        LotteryRepository(used),
        DeclarationRepository(used, plan_overview, today),
        AuditRepository(used),
        MonitoringRepository(used, ruleset, today),
        name,
    )


def repository_engine(engine: Engine) -> Engine:
    """The engine the repositories read and write with. On PostgreSQL a read (`connect()`) runs
    in autocommit: a single statement is its own snapshot, and over a network the BEGIN before it
    and the ROLLBACK after it would each cost a round trip. Writes (`transactions.write`) name
    their isolation level on their own connection, so they stay one transaction each."""
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _open_postgres(
    db: str, new_ruleset: Callable[[], NewRuleset], today: Callable[[], date]
) -> Database:
    """Open the PostgreSQL database `db` names. An empty database gets the schema and the first
    ruleset in one transaction (PostgreSQL's DDL is transactional: a failure leaves it empty);
    an older schema is migrated in one transaction. Refusals are Dutch and change nothing."""
    from mtvdp_tui.store import postgres

    name = postgres.display_name(db)
    engine = postgres.make_engine(db)
    reads = repository_engine(engine)  # the checks read in autocommit: fewer round trips
    try:
        with reads.connect() as connection:
            tables = sqlalchemy.inspect(connection).get_table_names()
            revision = _revision_on(connection, tables)
        has_tables = bool(tables)
        if revision is None and has_tables:
            raise DatabaseError(t("pg.not_mtvdp", database=name))
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DatabaseError(t("pg.newer_version", database=name))
        if revision != SCHEMA_HEAD and not postgres.may_change_schema(engine):
            raise DatabaseError(t("pg.needs_admin", database=name))
        if revision is None:
            first = new_ruleset()
            with engine.begin() as connection:
                _migrate_on(connection)
                _store_first_ruleset(connection, first)
            log.info("database created: %s (regeling %s)", name, first.source_name)
        elif revision != SCHEMA_HEAD:
            log.info("migrating %s from revision %s to %s", name, revision, SCHEMA_HEAD)
            migrate(engine)
            log.info("migrated %s to revision %s", name, SCHEMA_HEAD)
        gaps = schema_gaps_of(reads)
        if gaps:
            raise DatabaseError(t("db.schema_gaps", path=name, missing=", ".join(gaps)))
        ruleset = _load_active_ruleset(reads)
    except BaseException as error:
        engine.dispose()
        log.warning("database %s refused: %s", name, type(error).__name__)
        if isinstance(error, StorageError):
            raise DatabaseError(str(error)) from None
        if isinstance(error, sqlalchemy.exc.DBAPIError):
            raise postgres.unexpected_refusal(name, error.orig or error) from None
        raise
    log.info("database opened: %s (regeling %s)", name, ruleset.name)
    return _database(None, engine, ruleset, today, name)


def _remove_own_side_files(path: Path, absent: list[Path]) -> None:
    """After a failed opening: remove the `-wal`/`-shm` it made (they were absent, so no other
    copy had the file open), unless the WAL holds anything (then a copy that started meanwhile
    wrote to it, and it stays)."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    for side in absent:
        side.unlink(missing_ok=True)


def _create(path: Path, first: NewRuleset) -> None:
    """Build a new database under a temporary name, then move it into place in one step.

    A crash while creating leaves no half-made file at `path`; a failure (a read-only folder, a
    full disk) leaves nothing at all and is a DatabaseError.
    """
    building = temporary_beside(path, "nieuw", room=SIDE_ROOM)
    made_folder = not path.parent.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        building.unlink(missing_ok=True)
        engine = make_engine(building)
        try:
            migrate(engine)
            with engine.begin() as connection:
                _store_first_ruleset(connection, first)
        finally:
            engine.dispose()  # the last connection closing checkpoints and removes the WAL
        os.chmod(building, 0o600)  # readable by the user only, wherever the umask stands
        os.replace(building, path)
        log.info("database created: %s (regeling %s)", path, first.source_name)
    except (OSError, StorageError, sqlalchemy.exc.DatabaseError) as error:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)
        if made_folder:
            _remove_empty_folders(path.parent)
        raise _creation_refusal(path, error) from error


def _creation_refusal(path: Path, error: BaseException) -> DatabaseError:
    reason = dutch(error) if isinstance(error, OSError) else sqlite_reason(error)
    return DatabaseError(t("db.cannot_create", path=path, error=reason or sqlite_text(error)))


def _remove_empty_folders(folder: Path) -> None:
    """Undo the folders `_create` made (only while they are empty)."""
    while True:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path` with the pragmas every connection needs (built
    from the path itself, see sqlite_files). PostgreSQL's: `store.postgres.make_engine`."""
    engine = create_engine(engine_url(path))
    event.listen(engine, "connect", on_connect_sqlite)
    transactions.install(engine)
    event.listen(engine, "handle_error", _storage_error)
    return engine


# SQLite's words for trouble with the file itself, and the Dutch message for each.
STORAGE_ERRORS = {
    "database or disk is full": "db.full",
    "readonly database": "db.read_only_now",
    "database is locked": "db.locked",
    "disk I/O error": "db.io",
    "malformed": "db.corrupt_now",
    "unable to open database": "db.gone",
}


def _storage_error(context: sqlalchemy.engine.ExceptionContext) -> None:
    """A full disk, a file that became read-only or locked: a Dutch RecordError instead of a
    traceback. The transaction is rolled back, so nothing half is stored."""
    text = str(context.original_exception)
    if "UNIQUE constraint failed" in text:  # a second copy stored the same thing first
        raise StaleRecordError(t("db.conflict")) from context.original_exception
    for words, key in STORAGE_ERRORS.items():
        if words in text:
            raise StorageError(t(key)) from context.original_exception


def current_revision(engine: Engine) -> str | None:
    """The schema's Alembic revision (None: not versioned), on any engine."""
    with engine.connect() as connection:
        if not sqlalchemy.inspect(connection).has_table("alembic_version"):
            return None
        return _revision_on(connection, ["alembic_version"])


def _revision_on(connection: sqlalchemy.Connection, tables: list[str]) -> str | None:
    """The revision, given the database's `tables` (None: no `alembic_version` among them)."""
    if "alembic_version" not in tables:
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to head with Alembic (imported only when a migration is due)."""
    with engine.begin() as connection:
        _migrate_on(connection)


def _migrate_on(connection: sqlalchemy.Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _check_schema_of(engine: Engine, path: Path) -> None:
    """After a migration: the schema is what the models expect (else refuse, the backup made
    before the migration holds the file as it was)."""
    gaps = schema_gaps_of(engine)
    if gaps:
        raise DatabaseError(t("db.schema_gaps", path=path.name, missing=", ".join(gaps)))


def _store_first_ruleset(connection: sqlalchemy.Connection, new: NewRuleset) -> None:
    ruleset = new.ruleset
    with Session(bind=connection) as session:
        record = RulesetRecord(
            code=ruleset.id,
            name=ruleset.name,
            version=ruleset.version,
            source_name=new.source_name,
            toml_text=new.toml_text,
        )
        session.add(record)
        session.flush()
        session.add(Setting(key=ACTIVE_RULESET, value=str(record.id)))
        for position, name in enumerate(ruleset.regions):
            session.add(Region(name=name, position=position))
        session.flush()


def _load_active_ruleset(engine: Engine) -> Ruleset:
    from mtvdp_tui.domain.ruleset_loader import ruleset_from_stored_text

    with Session(engine) as session:
        setting = session.get(Setting, ACTIVE_RULESET)
        record = session.get(RulesetRecord, int(setting.value)) if setting else None
        if record is None:
            raise DatabaseError(t("db.no_ruleset"))
        ruleset = ruleset_from_stored_text(record.toml_text, record.source_name)
        _ensure_regions(session, ruleset)
        return ruleset


def _ensure_regions(session: Session, ruleset: Ruleset) -> None:
    """Every region of the ruleset exists as a row (a user ruleset may add one later)."""
    existing = set(session.scalars(select(table_of(Region).c.name)))
    missing = [name for name in ruleset.regions if name not in existing]
    for position, name in enumerate(ruleset.regions):
        if name in missing:
            session.add(Region(name=name, position=position))
    if missing:
        session.commit()
