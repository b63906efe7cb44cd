"""Opening a database file: checks, pragmas, migrations, the first ruleset.

No engine exists at import time; `open_database` is called once at start-up (from the CLI, the
tests or the benchmark) with an explicit path.
"""

from __future__ import annotations

import errno
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
from sqlmodel import Session, SQLModel

from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.files import NAME_MAX, SIDE_SUFFIXES, guard_database, temporary_beside
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.store import transactions
from mtvdp_tui.store.audit import AuditRepository
from mtvdp_tui.store.backup import make_backup
from mtvdp_tui.store.declarations import DeclarationRepository
from mtvdp_tui.store.lotteries import LotteryRepository
from mtvdp_tui.store.plan_overview import PlanOverviewRepository
from mtvdp_tui.store.plans import PlanRepository
from mtvdp_tui.store.practices import PracticeRepository, RecordError, StaleRecordError
from mtvdp_tui.store.sqlite_files import connect_read_only, engine_url, side_files
from mtvdp_tui.store.tables import Region, RulesetRecord, Setting

SCHEMA_HEAD = "0006"  # the newest migration; tests check it matches the migrations folder
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003", "0004", "0005", "0006"})
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

    `new_ruleset` is only called when the file is new. Everything refused is a DatabaseError
    in Dutch, and a refusal leaves the folder as it was (no `-wal`, `-shm` or half-made file).
    """
    path = locate(path)
    if is_new(path):
        _create(path, new_ruleset())
    else:
        _check_writable(path)
        _check_before_opening(path)
    guard_database(path)
    engine = make_engine(path)
    try:
        if current_revision(engine) != SCHEMA_HEAD:
            make_backup(path, "voor-bijwerken")
            migrate(engine)
            _check_schema_of(engine, path)
        ruleset = _load_active_ruleset(engine)
    except BaseException as error:
        engine.dispose()
        raise _refusal(path, error) from error
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


def locate(path: Path) -> Path:
    """`path` absolute with its links followed, or a DatabaseError (a link loop, a name too
    long for the files SQLite keeps beside it)."""
    try:
        found = Path(path).expanduser().resolve()
    except RuntimeError as error:  # Python 3.11 reports a link loop like this
        raise DatabaseError(t("db.symlink_loop", path=path)) from error
    except OSError as error:
        raise DatabaseError(t("db.path_problem", path=path, error=dutch(error))) from error
    longest = max(len(suffix) for suffix in (*SIDE_SUFFIXES, "-backups"))
    if len(found.name.encode("utf-8", "surrogateescape")) + longest > NAME_MAX:
        raise DatabaseError(t("db.name_too_long", path=found.name, max=NAME_MAX - longest))
    return found


def is_new(path: Path) -> bool:
    """True for a missing path or an empty regular file; False for an existing regular file.
    Anything else (a folder, a pipe, a device, a path through a file) is a DatabaseError."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return True
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DatabaseError(t("db.symlink_loop", path=path)) from error
        raise DatabaseError(t("db.path_problem", path=path, error=dutch(error))) from error
    if not stat.S_ISREG(found.st_mode):
        raise DatabaseError(t("db.not_a_file", path=path, kind=t(_kind(found.st_mode))))
    return found.st_size == 0


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "db.kind.folder"
    if stat.S_ISFIFO(mode):
        return "db.kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "db.kind.device"
    if stat.S_ISSOCK(mode):
        return "db.kind.socket"
    return "db.kind.other"


def _refusal(path: Path, error: BaseException) -> BaseException:
    """The Dutch DatabaseError for what went wrong while opening; other errors unchanged."""
    if isinstance(error, DatabaseError):
        return error
    if isinstance(error, OSError):
        return DatabaseError(t("db.open_failed", path=path.name, error=dutch(error)))
    if not isinstance(error, (StorageError, sqlalchemy.exc.DatabaseError)):
        return error
    reason = _sqlite_reason(error)
    if reason == t("os.ENOSPC"):
        return DatabaseError(t("db.open_full", path=path.name))
    if reason is not None:
        return DatabaseError(t("db.open_failed", path=path.name, error=reason))
    return DatabaseError(t("db.unreadable", path=path.name, error=_sqlite_text(error)))


# SQLite's words for trouble with the file (not its content), and the Dutch reason for each.
SQLITE_REASONS = {
    "database or disk is full": "os.ENOSPC",
    "readonly database": "os.EACCES",
    "unable to open database": "db.reason.unable",
    "database is locked": "db.reason.locked",
    "disk I/O error": "os.EIO",
}


def _sqlite_text(error: BaseException) -> str:
    """The driver's own text behind a wrapped error (SQLAlchemy's `.orig`, or the cause)."""
    cause = getattr(error, "orig", None) or error.__cause__ or error
    return str(cause)


def _sqlite_reason(error: BaseException) -> str | None:
    text = _sqlite_text(error)
    for words, key in SQLITE_REASONS.items():
        if words in text:
            return t(key)
    return None


def _create(path: Path, first: NewRuleset) -> None:
    """Build a new database under a temporary name, then move it into place in one step.

    A crash while creating leaves no half-made file at `path`; a failure (a read-only folder, a
    full disk) leaves nothing at all and is a DatabaseError.
    """
    building = temporary_beside(path, "nieuw")
    made_folder = not path.parent.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        building.unlink(missing_ok=True)
        engine = make_engine(building)
        try:
            migrate(engine)
            _store_first_ruleset(engine, first)
        finally:
            engine.dispose()  # the last connection closing checkpoints and removes the WAL
        os.chmod(building, 0o600)  # readable by the user only, wherever the umask stands
        os.replace(building, path)
    except (OSError, StorageError, sqlalchemy.exc.DatabaseError) as error:
        for leftover in (building, *side_files(building)):
            leftover.unlink(missing_ok=True)
        if made_folder:
            _remove_empty_folders(path.parent)
        raise _creation_refusal(path, error) from error


def _creation_refusal(path: Path, error: BaseException) -> DatabaseError:
    reason = dutch(error) if isinstance(error, OSError) else _sqlite_reason(error)
    return DatabaseError(t("db.cannot_create", path=path, error=reason or _sqlite_text(error)))


def _remove_empty_folders(folder: Path) -> None:
    """Undo the folders `_create` made (only while they are empty)."""
    while True:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def check_existing(path: Path) -> Path:
    """Refuse (DatabaseError, Dutch) a path that is not an existing MTVDP database; returns it
    absolute. From now on no output may overwrite it."""
    path = locate(path)
    if is_new(path):
        if path.exists():
            raise DatabaseError(t("db.not_sqlite", path=path.name))
        raise DatabaseError(t("db.missing", path=path))
    _check_before_opening(path)
    guard_database(path)
    return path


def _check_writable(path: Path) -> None:
    """Refuse, before touching it, a file or folder the user may not write: SQLite would fail
    at the first change (and WAL needs to create files beside the database). A file without
    its owner's write bit counts as read-only even for root (it was made so on purpose)."""
    for target, key in ((path, "db.read_only_file"), (path.parent, "db.read_only_folder")):
        mode = target.stat().st_mode
        access = os.W_OK | (os.X_OK if target == path.parent else 0)
        if not mode & stat.S_IWUSR:
            raise DatabaseError(t(key, path=target))
        if not os.access(target, access):
            if target == path and target.stat().st_uid != os.geteuid():
                raise DatabaseError(t("db.other_owner", path=target))
            raise DatabaseError(t(key, path=target))


def make_engine(path: Path) -> Engine:
    """An engine on `path` with the pragmas every connection needs (built from the path
    itself, see sqlite_files)."""
    engine = create_engine(engine_url(path))
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
    """Refuse a file we must not touch, looking at it read-only (the WAL pragma writes) and
    leaving nothing beside it: its header, its integrity, its revision and, at the current
    revision, that every table and column the program needs is there."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(t("db.cannot_read", path=path.name, error=dutch(error))) from error
    if header != SQLITE_HEADER:
        raise DatabaseError(t("db.not_sqlite", path=path.name))
    try:
        revision, has_tables, gaps = _inspect_read_only(path)
    except sqlite3.DatabaseError as error:
        reason = _sqlite_reason(error)
        if reason is not None:
            raise DatabaseError(t("db.open_failed", path=path.name, error=reason)) from error
        raise DatabaseError(t("db.unreadable", path=path.name, error=error)) from error
    if revision is None and has_tables:
        raise DatabaseError(t("db.not_mtvdp", path=path.name))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(t("db.newer_version", path=path.name))
    if gaps:
        raise DatabaseError(t("db.schema_gaps", path=path.name, missing=", ".join(gaps)))


def _inspect_read_only(path: Path) -> tuple[str | None, bool, list[str]]:
    """The schema revision of the file at `path` (None: not versioned), whether it has tables,
    and (at the current revision) the tables and columns it lacks."""
    connection = connect_read_only(path)
    try:
        connection.execute("PRAGMA quick_check(1)")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in names:
            return None, bool(names), []
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        gaps = schema_gaps(connection) if revision == SCHEMA_HEAD else []
        return revision, True, gaps
    finally:
        connection.close()


def schema_gaps(connection: sqlite3.Connection) -> list[str]:
    """The tables (`name`) and columns (`table.column`) the models expect that are missing."""
    gaps = []
    for table in SQLModel.metadata.sorted_tables:
        found = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
        if not found:
            gaps.append(table.name)
            continue
        gaps.extend(f"{table.name}.{c.name}" for c in table.columns if c.name not in found)
    return gaps


def _check_schema_of(engine: Engine, path: Path) -> None:
    """After a migration: the schema is what the models expect (else refuse, the backup made
    before the migration holds the file as it was)."""
    raw = engine.raw_connection()
    try:
        gaps = schema_gaps(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()
    if gaps:
        raise DatabaseError(t("db.schema_gaps", path=path.name, missing=", ".join(gaps)))


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
