"""A throwaway PostgreSQL server for the tests, the benchmark and `python3 dev.py pg`.

It runs from the machine's own PostgreSQL binaries (`initdb`, `pg_ctl`), in a temporary folder,
listening on a Unix socket in that folder only (`listen_addresses=''`): never on a network
address. PostgreSQL refuses to run as root, so as root the folder is given to the `postgres`
user and the binaries run through `runuser -u postgres --`.

    with PgServer.started() as server:
        url = server.create_database("organisatie")   # a SQLAlchemy URL (postgresql+psycopg)

Not part of the installed program: the program connects to whatever server `--db` names.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import URL

SUPERUSER = "postgres"  # the cluster's first role (initdb -U); trust on the socket only


class PgServerError(RuntimeError):
    """The server could not be set up; the message says why (and where its log is)."""


def bin_dir() -> Path:
    """The folder with `initdb` and `pg_ctl`: $PG_BIN, the PATH, or Debian's versioned folder."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version, reverse=True)
    if versions:
        return Path(versions[0]).parent
    raise PgServerError("PostgreSQL's initdb/pg_ctl were not found (set PG_BIN, or install it)")


def available() -> bool:
    try:
        bin_dir()
    except PgServerError:
        return False
    return True


def _version(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


class PgServer:
    """One server in its own temporary folder: data, socket and log."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or tempfile.mkdtemp(prefix="mtvdp-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root  # short: a socket path has a limit of ~107 bytes
        self.log = self.root / "server.log"
        self.bin = bin_dir()
        self._as_root = os.geteuid() == 0 if hasattr(os, "geteuid") else False

    # --- running the binaries --------------------------------------------------------------

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self.bin / program), *arguments]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PgServerError(
                f"{program} failed ({result.returncode}): {result.stderr.strip()} "
                f"(server log: {self.log})"
            )

    def start(self) -> PgServer:
        if self._as_root:
            shutil.chown(self.root, user="postgres", group="postgres")
        self.root.chmod(0o755)  # clients of any user reach the socket
        if not self.data.exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                "--no-sync", "--locale=C.UTF-8",
            )  # fmt: skip
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop (dropping every connection) and start again, as a server restart would."""
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    @classmethod
    @contextlib.contextmanager
    def started(cls, root: Path | None = None) -> Iterator[PgServer]:
        server = cls(root).start()
        try:
            yield server
        finally:
            server.remove()

    # --- databases -------------------------------------------------------------------------

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> URL:
        """A SQLAlchemy URL for `database` over the socket (no password: trust)."""
        return URL.create(
            "postgresql+psycopg",
            username=user,
            database=database,
            query={"host": str(self.socket_dir)},
        )

    def libpq_url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """The same as a libpq URL, as a user types it after `--db`."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (outside a transaction: CREATE DATABASE)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def create_database(self, name: str, owner: str = SUPERUSER) -> URL:
        self.sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
