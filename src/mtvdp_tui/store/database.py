"""Opening a database file: checks, pragmas, migrations, the first ruleset.

No engine exists at import time; `open_database` is called once at start-up (from the CLI, the
tests or the benchmark) with an explicit path.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy.engine
import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event, select
from sqlmodel import Session

from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.store import transactions
from mtvdp_tui.store.audit import AuditRepository
from mtvdp_tui.store.backup import make_backup
from mtvdp_tui.store.declarations import DeclarationRepository
from mtvdp_tui.store.lotteries import LotteryRepository
from mtvdp_tui.store.plan_overview import PlanOverviewRepository
from mtvdp_tui.store.plans import PlanRepository
from mtvdp_tui.store.practices import PracticeRepository, RecordError, StaleRecordError
from mtvdp_tui.store.tables import Region, RulesetRecord, Setting

SCHEMA_HEAD = "0007"  # the newest migration; tests check it matches the migrations folder
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006", "0007"})
SQLITE_HEADER = b"SQLite format 3\x00"
ACTIVE_RULESET = "active_ruleset_id"


class DatabaseError(Exception):
    """A database file that cannot be used; the message is for the user (Dutch)."""


class StorageError(RecordError):
    """A change the file could not take (disk full, read-only, locked); nothing was stored."""


@dataclass(frozen=True)
class NewRuleset:
    """The ruleset a new database is created with, and the TOML text stored with it."""

    ruleset: Ruleset
    toml_text: str
    source_name: str


@dataclass
class Database:
    path: Path
    engine: Engine
    ruleset: Ruleset
    practices: PracticeRepository
    plans: PlanRepository
    plan_overview: PlanOverviewRepository
    lotteries: LotteryRepository
    declarations: DeclarationRepository
    audit: AuditRepository

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path: Path,
    *,
    new_ruleset: Callable[[], NewRuleset],
    today: Callable[[], date] = date.today,
) -> Database:
    """Open (creating when absent) the database at `path`, migrated to the current schema.

    `new_ruleset` is only called when the file is new.
    """
    path = path.expanduser().resolve()
    if not path.exists() or path.stat().st_size == 0:
        _create(path, new_ruleset())
    else:
        _check_before_opening(path)
        _check_writable(path)
    engine = make_engine(path)
    try:
        if current_revision(engine) != SCHEMA_HEAD:
            make_backup(path, "voor-bijwerken")
            migrate(engine)
        ruleset = _load_active_ruleset(engine)
    except sqlalchemy.exc.DatabaseError as error:
        engine.dispose()
        raise DatabaseError(t("db.unreadable", path=path.name, error=error.orig)) from error
    except Exception:
        engine.dispose()
        raise
    plan_overview = PlanOverviewRepository(engine, ruleset, today)
    return Database(
        path,
        engine,
        ruleset,
        PracticeRepository(engine, ruleset, today),
        PlanRepository(engine, today),
        plan_overview,
        LotteryRepository(engine),
        DeclarationRepository(engine, plan_overview, today),
        AuditRepository(engine),
    )


def _create(path: Path, first: NewRuleset) -> None:
    """Build a new database under a temporary name, then move it into place in one step.

    A crash while creating leaves no half-made file at `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.nieuw")
    building.unlink(missing_ok=True)
    engine = make_engine(building)
    try:
        migrate(engine)
        _store_first_ruleset(engine, first)
    finally:
        engine.dispose()  # the last connection closing checkpoints and removes the WAL
    os.chmod(building, 0o600)  # readable by the user only, wherever the umask stands
    os.replace(building, path)


def check_existing(path: Path) -> None:
    """Refuse (DatabaseError, Dutch) a path that is not an existing MTVDP database."""
    if not path.exists():
        raise DatabaseError(t("db.missing", path=path))
    _check_before_opening(path)


def _check_writable(path: Path) -> None:
    """Refuse, before touching it, a file or folder the user may not write: SQLite would fail
    at the first change (and WAL needs to create files beside the database)."""
    for target, key in ((path, "db.read_only_file"), (path.parent, "db.read_only_folder")):
        if not target.stat().st_mode & stat.S_IWUSR:
            raise DatabaseError(t(key, path=target))


def make_engine(path: Path) -> Engine:
    """An engine on `path` with the pragmas every connection needs."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
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


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a confirmed change survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not exists:
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to head with Alembic (imported only when a migration is due)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "mtvdp_tui.store:migrations")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _check_before_opening(path: Path) -> None:
    """Refuse a file we must not touch, looking at it read-only (the WAL pragma writes)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(t("db.cannot_read", path=path.name, error=error.strerror)) from error
    if header != SQLITE_HEADER:
        raise DatabaseError(t("db.not_sqlite", path=path.name))
    try:
        revision, has_tables = _inspect_read_only(path)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(t("db.unreadable", path=path.name, error=error)) from error
    if revision is None and has_tables:
        raise DatabaseError(t("db.not_mtvdp", path=path.name))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(t("db.newer_version", path=path.name))


def _inspect_read_only(path: Path) -> tuple[str | None, bool]:
    """The schema revision of the file at `path` (None: not versioned) and whether it has tables."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA quick_check(1)")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in names:
            return None, bool(names)
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return (row[0] if row else None), True
    finally:
        connection.close()


def _store_first_ruleset(engine: Engine, new: NewRuleset) -> None:
    ruleset = new.ruleset
    with Session(engine) as session:
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
        session.commit()


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
    existing = set(session.exec(select(Region.name)).scalars())  # type: ignore[call-overload]
    missing = [name for name in ruleset.regions if name not in existing]
    for position, name in enumerate(ruleset.regions):
        if name in missing:
            session.add(Region(name=name, position=position))
    if missing:
        session.commit()
