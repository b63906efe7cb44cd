"""SQLModel tables: the one place the database layout is described in Python.

Alembic migrations (`store/migrations/versions/`) create and change these tables; a test checks
that the migrations at head match this metadata exactly. Money is integer cents, dates are
`date`s, timestamps are aware UTC datetimes.
"""

from datetime import UTC, date, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    Table,
    UniqueConstraint,
    inspect,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from mtvdp_tui.store.engines import ORDER_KEY


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back as an aware UTC datetime on every engine: SQLite
    keeps the naive UTC text it always had (`DATETIME`), PostgreSQL a `timestamp with time
    zone`. A naive value given to it counts as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core `Table` behind a table model, for SQL on its columns: `table_of(X).c.name`.

    SQLModel creates `__table__` with the class but does not declare it, so reading it directly is
    an untyped attribute; this is the one typed way in.
    """
    found: object = inspect(model).local_table
    if not isinstance(found, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return found


class RulesetRecord(SQLModel, table=True):
    """A ruleset as loaded into this database: its TOML text makes the database self-contained."""

    __tablename__ = "ruleset"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    version: int
    source_name: str
    toml_text: str
    loaded_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class Setting(SQLModel, table=True):
    """Database-wide settings, such as the active ruleset."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class Region(SQLModel, table=True):
    __tablename__ = "region"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    position: int = 0  # order as in the ruleset
    ion_official: int | None = None  # the official regional ION total, when known


class Practice(SQLModel, table=True):
    __tablename__ = "practice"
    __table_args__ = (
        # the register's search: a page in the default order, and the totals (migrations 0006,
        # 0010)
        Index("ix_practice_name_search", "name_key", "search_key"),
        Index("ix_practice_region_search", "region_id", "search_key", "ion"),
    )

    id: int | None = Field(default=None, primary_key=True)
    agb: str = Field(unique=True, max_length=8)
    name: str = Field(index=True, max_length=120)
    region_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("region.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    wijk: str = ""
    email: str | None = None
    ion: int | None = None  # ION at the latest peildatum (kept in step with ion_record)
    preferred_moment: date | None = None  # None: "weet ik niet" or no answer
    survey_answered: bool = False
    excluded: bool = False
    excluded_reason: str = ""
    start_date: date | None = None
    stop_date: date | None = None
    notes: str = ""
    search_key: str = Field(default="", index=False)  # "agb name wijk" folded (search_text)
    name_key: str = Field(default="", sa_type=ORDER_KEY)  # lists order by these (order_key)
    wijk_key: str = Field(default="", sa_type=ORDER_KEY)
    version: int = 1  # optimistic concurrency: checked in every UPDATE
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class IonRecord(SQLModel, table=True):
    """The ION (registered patients) of a practice at a peildatum (first day of a quarter)."""

    __tablename__ = "ion_record"
    __table_args__ = (UniqueConstraint("practice_id", "peildatum"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    peildatum: date
    ion: int
    recorded_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class PlanRecord(SQLModel, table=True):
    """One version of a practice's plan. The newest version is the current one; a submitted
    version is never changed again (changing it starts a new concept version)."""

    __tablename__ = "praktijkplan"
    __table_args__ = (UniqueConstraint("practice_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    version: int  # 1, 2, … per practice
    status: str  # "concept" or "ingediend"
    submitted_on: date | None = None
    content: str  # the Plan as JSON
    row_version: int = 1  # optimistic concurrency: checked in every UPDATE
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class Lottery(SQLModel, table=True):
    """A region's lottery (loting): frozen inputs, the sources, and how far the draw has been
    shown. The steps themselves are recomputed from the inputs (the draw is deterministic), so
    reopening after a crash continues at `revealed` with the same result."""

    __tablename__ = "loting"

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("region.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    status: str  # "pool" (inputs frozen), "trekking" (sources frozen), "definitief", "verworpen"
    inputs: str  # JSON: regelset, regio, ion_regio (+ source), momenten, pool
    sources: str | None = None  # JSON list of lists of integers, as entered
    key: str | None = None  # the RFC 3797 key string
    revealed: int = 0  # steps shown so far
    pool_frozen_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    sources_frozen_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # when the last step was shown
    drawn_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    finalised_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    discarded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    pool_seal: str | None = Field(default=None, max_length=64)  # the poolzegel shown (SPEC §13)
    # when the first step was shown
    first_step_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    discard_reason: str | None = None  # why the board discarded this attempt
    row_version: int = 1  # optimistic concurrency: checked in every UPDATE
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class LotteryEntry(SQLModel, table=True):
    """A practice in a lottery's pool. Keeps the practice from being deleted while the lottery
    is live or final; the rows of a discarded lottery are removed."""

    __tablename__ = "loting_deelnemer"
    __table_args__ = (UniqueConstraint("lottery_id", "pool_number"),)

    id: int | None = Field(default=None, primary_key=True)
    lottery_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("loting.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    pool_number: int


class DeclarationStatusRecord(SQLModel, table=True):
    """The declaration status of one practice in one quarter. No row: "te declareren"."""

    __tablename__ = "declaratie_status"
    __table_args__ = (UniqueConstraint("practice_id", "quarter"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    quarter: str  # "2024-Q1"
    status: str  # te_declareren, gedeclareerd, uitbetaald, afgewezen
    declared_on: date | None = None
    paid_on: date | None = None
    rejected_on: date | None = None
    reason: str = ""
    row_version: int = 1  # optimistic concurrency: checked in every UPDATE
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class AuditEntry(SQLModel, table=True):
    """One change, for the audit trail: when, which OS user, database role and host, what,
    before → after.

    No foreign keys: the history of a deleted practice stays readable.
    """

    __tablename__ = "audit"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, index=True, sa_type=UtcDateTime)
    os_user: str
    entity: str  # praktijk, ion, praktijkplan, loting, declaratiestatus
    action: str  # aangemaakt, gewijzigd, verwijderd
    practice_id: int | None = Field(default=None, index=True)
    subject: str  # what it is about, readable: "De Linde (01000001)", "Loting Zutphen"
    search_key: str = ""  # "subject os_user" folded (search_text.audit_key), for the search
    db_role: str = Field(default="", sa_column_kwargs={"server_default": ""})  # PostgreSQL's
    host: str = Field(default="", sa_column_kwargs={"server_default": ""})  # the computer
    before: str | None = None  # JSON of the changed fields before
    after: str | None = None  # JSON of the changed fields after


class LotteryClaim(SQLModel, table=True):
    """Who is drawing a region's lottery now (SPEC §8): one session at a time, visible to all."""

    __tablename__ = "loting_claim"

    region_id: int = Field(
        sa_column=Column(Integer, ForeignKey("region.id"), primary_key=True, autoincrement=False)
    )
    holder: str  # "os_user@host" (and the database role on PostgreSQL), as shown to others
    token: str  # the claiming session's own mark: only it releases without taking over
    since: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


# --- the werkkopie (SPEC §9) ------------------------------------------------------------------
# Every database has these tables (one schema everywhere); only a werkkopie has a `werkkopie` row
# and uses the outbox and the conflicts, only the organisation's server fills `sync_toegepast`.


class WerkkopieState(SQLModel, table=True):
    """What makes a SQLite file a werkkopie: the one row naming the organisation database it is
    a copy of, and up to when it is synchronised. No row: an ordinary database."""

    __tablename__ = "werkkopie"

    id: int = Field(default=1, primary_key=True)  # always 1: one row at most
    server: str  # the organisation database's URL as given, never with a password
    database_id: str  # the organisation database's `setting.database_id`
    made_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    synced_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)  # the sync point


class OutboxChange(SQLModel, table=True):
    """One change made in a werkkopie and not yet sent, written in the transaction that made it.
    `id` is the order in which the changes were made (and are sent)."""

    __tablename__ = "werkkopie_wijziging"

    id: int | None = Field(default=None, primary_key=True)
    change_id: str = Field(unique=True, max_length=36)  # a UUID, recorded by the server
    kind: str  # praktijk, ion, praktijkplan (records.sync.ChangeKind)
    agb: str = Field(max_length=8)  # the practice as the server knows it (before an AGB change)
    peildatum: date | None = None  # ion: the peildatum
    plan_version: int | None = None  # praktijkplan: the plan's version number
    base_version: int | None = None  # the record's version it was based on; None: a new record
    base: str | None = None  # JSON: the record's values before (None: it did not exist)
    after: str | None = None  # JSON: the record's values after (None: deleted)
    made_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    made_by: str  # the OS user


class SyncConflict(SQLModel, table=True):
    """A change the server could not take because the record changed there too (or a new
    practice's AGB was taken): both sides kept until a person decides (SPEC §9)."""

    __tablename__ = "werkkopie_conflict"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    agb: str = Field(max_length=8)
    peildatum: date | None = None
    plan_version: int | None = None
    change_ids: str  # JSON list: the outbox changes this conflict holds, oldest first
    base: str | None = None  # JSON: the common base, where known
    mine: str | None = None  # JSON: the werkkopie's values (None: deleted here)
    theirs: str | None = None  # JSON: the server's values when found (None: not there)
    theirs_version: int | None = None  # the server record's version when found
    found_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    decision: str | None = None  # mijn, hun, per_veld


class AppliedChange(SQLModel, table=True):
    """On the organisation's server: a werkkopie change that was applied, by its change id, so
    that sending it again (after a dropped connection) applies nothing twice."""

    __tablename__ = "sync_toegepast"

    change_id: str = Field(primary_key=True, max_length=36)
    applied_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


# --- monitoring (SPEC §10, migration 0012) ----------------------------------------------------


class MetingSent(SQLModel, table=True):
    """When a meting (nulmeting, 1-meting, slotmeting) was sent to a practice. No row: not sent."""

    __tablename__ = "meting_verstuurd"
    __table_args__ = (UniqueConstraint("practice_id", "meting"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    meting: str  # domain.monitoring.ItemKind of a meting: nulmeting, 1-meting, slotmeting
    sent_on: date
    row_version: int = 1  # optimistic concurrency: checked in every UPDATE
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class SocialDomainStart(SQLModel, table=True):
    """The day a practice started working with the social domain, as the wijkmanager recorded."""

    __tablename__ = "sociaal_domein"

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, unique=True
        )
    )
    started_on: date
    row_version: int = 1
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class Jaarverslag(SQLModel, table=True):
    """The day a practice's jaarverslag over one plan year was received."""

    __tablename__ = "jaarverslag"
    __table_args__ = (UniqueConstraint("practice_id", "plan_year"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("practice.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    plan_year: int  # 1, 2, … counted from the practice's start
    received_on: date
    row_version: int = 1
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class WijkgroepMeeting(SQLModel, table=True):
    """A meeting of a wijkgroep: when, which wijk, whether MTVDP was on the agenda (only such a
    meeting counts for the intervisie rule)."""

    __tablename__ = "wijkgroep_bijeenkomst"

    id: int | None = Field(default=None, primary_key=True)
    held_on: date = Field(index=True)
    wijk: str
    region_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("region.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    mtvdp_on_agenda: bool = True
    row_version: int = 1  # attendance is saved with the meeting, under its version
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class MeetingAttendance(SQLModel, table=True):
    """A practice that attended a wijkgroep meeting."""

    __tablename__ = "intervisie_aanwezig"
    __table_args__ = (Index("ix_intervisie_aanwezig_practice", "practice_id", "meeting_id"),)

    meeting_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("wijkgroep_bijeenkomst.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("practice.id", ondelete="RESTRICT"), primary_key=True)
    )
