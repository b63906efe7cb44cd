"""Writing files the safe way: never onto the database, never over a file unasked, private
(0600), and all or nothing. Every file the program writes for the user goes through here.

The data goes to a temporary file in the same folder (a short-enough name, `NAME_MAX`), is
flushed to disk, and then takes the final name in one step, so a crash or a full disk never
leaves half a file under that name and no temporary file stays behind. Files that belong
together (an export's CSV and XLSX) are written together (`write_together`): when one cannot
take its name, the others are put back as they were. A file that cannot be replaced because
another program has it open (Excel on Windows) is told as such, in Dutch.

Which paths are the database: `store.database` registers every database it opens
(`guard_database`); an output that is one of them, its `-wal`/`-shm`/`-journal` or a file in its
backup folder is refused, compared on resolved paths and on the file itself (a hard link).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.reading import file_kind

SLUG_MAX = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: object) -> str:
    """`text` as a safe part of a file name: ASCII letters and digits joined by `-`, accents
    dropped, at most SLUG_MAX characters, never empty. No separator, dot, control character or
    look-alike letter survives, so data (a region's name, a practice's name or AGB) can never
    lead a file outside its folder or into a subfolder."""
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).lower()
    return _NOT_SLUG.sub("-", plain).strip("-")[:SLUG_MAX].strip("-") or "x"


def file_name(*parts: object, suffix: str) -> str:
    """The file name made of `parts`, each through `slug`, joined by `-`: the one way a file
    name is derived from data (`file_name("loting", region, seal, suffix=".json")`)."""
    return "-".join(slug(part) for part in parts) + suffix


EXPORT_SUFFIXES = (".csv", ".xlsx")  # the in-app exports write both, under one name
NAME_MAX = 255  # bytes in one file name: ext4, btrfs, xfs, APFS, NTFS (in UTF-16 units)
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database
SIDE_ROOM = max(len(suffix) for suffix in SIDE_SUFFIXES)
SQLITE_MAX_PATH = 512  # bytes in a whole path SQLite's unix VFS can open (MAX_PATHNAME)
_guarded: set[Path] = set()
_backup_root: Path | None = None  # the user's backup folder (settings), see use_backup_root


class OutputError(Exception):
    """An output the program will not write; the message is Dutch. `exists`: refused only
    because the file exists (the command line then says how to replace it)."""

    def __init__(self, message: str, *, exists: bool = False) -> None:
        super().__init__(message)
        self.exists = exists


def guard_database(database: Path) -> None:
    """From now on no output may be `database`, its side files or its backups."""
    _guarded.add(Path(os.path.realpath(database)))


def use_backup_root(folder: Path | None) -> None:
    """From now on automatic backups go to a folder of their own per database inside `folder`
    (the user's `reservekopiemap` setting, e.g. a network share); None: beside each database."""
    global _backup_root
    _backup_root = None if folder is None else Path(os.path.realpath(folder.expanduser()))


def backup_root() -> Path | None:
    return _backup_root


def backup_folders(database: Path) -> tuple[Path, ...]:
    """The backup folder of `database`, first; then the folders it used or may have used, all
    guarded. Beside the database: `x.sqlite-backups`, and the one earlier versions used
    (`x-backups`, shared by `x.sqlite` and `x.db`; left as it is). With a backup root set, the
    first is `x.sqlite-<hash of the database's full path>-backups` in it, so two databases with
    one name in different folders never share (or prune) each other's copies."""
    beside = (
        database.with_name(fit_name(f"{database.name}-backups")),
        database.with_name(f"{database.stem}-backups"),
    )
    if _backup_root is None:
        return beside
    digest = hashlib.sha256(os.fsencode(os.path.realpath(database))).hexdigest()[:8]
    return (_backup_root / fit_name(f"{database.name}-{digest}-backups"), *beside)


def unreachable(folder: Path) -> str | None:
    """Why backups cannot be written into `folder` now (Dutch), or None when they can. The folder
    must exist (it is never made: a network share that is not mounted must not become a local
    folder of the same name) and take a file."""
    probe = folder / f".mtvdp-proef-{os.getpid()}"
    try:
        if not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, str(folder))
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        return dutch(error)
    with contextlib.suppress(OSError):  # the check is done; a probe left over is harmless
        probe.unlink()
    return None


def fit_name(name: str, limit: int = NAME_MAX) -> str:
    """`name` when its UTF-8 fits `limit` bytes; else its start, a hash and its last 16
    characters (so the ending, such as `.deel`, stays), still unique per name."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= limit:
        return name
    tail = name[-16:]
    digest = hashlib.sha256(raw).hexdigest()[:12]
    room = limit - len(tail.encode("utf-8", "surrogateescape")) - len(digest) - 1
    head = raw[:room].decode("utf-8", "ignore")
    return f"{head}~{digest}{tail}"


def temporary_beside(path: Path, tag: str, *, room: int = 0) -> Path:
    """The temporary name for building `path`: hidden, in the same folder, fitting NAME_MAX
    with `room` bytes to spare (SQLite adds `-journal` or `-wal` to a database's name)."""
    return path.with_name(fit_name(f".{path.name}.{tag}", NAME_MAX - room))


def check_output(path: Path, *, overwrite: bool) -> None:
    """Refuse (OutputError, Dutch) an output that is a folder, a device or pipe, a database the
    program uses (or its side files or backups), or, without `overwrite`, an existing file."""
    if str(path) == "":
        raise OutputError(t("output.empty"))
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise OutputError(t("output.failed", path=path, error=dutch(error))) from error
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError(t("output.is_folder", path=path))
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise OutputError(t("output.not_regular", path=path, kind=file_kind(found.st_mode)))
    _check_not_guarded(path, found)
    if found is not None and not overwrite:
        raise OutputError(t("output.exists", path=path), exists=True)


def _check_not_guarded(path: Path, found: os.stat_result | None) -> None:
    target = Path(os.path.realpath(path))
    for database in _guarded:
        own = [database, *(database.with_name(database.name + s) for s in SIDE_SUFFIXES)]
        if target in own or (found is not None and _same_file(found, own)):
            raise OutputError(t("output.is_database", path=path))
        if target.parent in backup_folders(database):
            raise OutputError(t("output.in_backups", path=path))


def _same_file(found: os.stat_result, paths: Iterable[Path]) -> bool:
    for candidate in paths:
        try:
            other = os.stat(candidate)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (found.st_dev, found.st_ino):
            return True
    return False


def publish(partial: Path, path: Path, *, overwrite: bool) -> None:
    """Give the finished `partial` the name `path` in one step. Without `overwrite` a file that
    appeared at `path` meanwhile is never replaced (a hard link cannot replace; where the file
    system has no hard links, the check just before is the guard). A file that cannot be
    replaced (open in Excel on Windows) is an OutputError saying so."""
    if overwrite:
        _replace(partial, path)
        return
    try:
        os.link(partial, path)
    except FileExistsError as error:
        raise OutputError(t("output.exists", path=path), exists=True) from error
    except OSError:
        if os.path.lexists(path):
            raise OutputError(t("output.exists", path=path), exists=True) from None
        _replace(partial, path)
    else:
        os.unlink(partial)


LOCKED_WINERRORS = (32, 33)  # Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def _replace(partial: Path, path: Path) -> None:
    try:
        os.replace(partial, path)
    except OSError as error:
        refusal = not_replaced(path, error)
        if refusal is error:
            raise
        raise refusal from error


def not_replaced(path: Path, error: OSError) -> Exception:
    """What to tell when `path` could not be replaced: open in another program (Windows locks
    a file Excel has open), or a file this user may not replace; other errors as they are."""
    if getattr(error, "winerror", None) in LOCKED_WINERRORS:
        return OutputError(t("output.locked", path=path))
    if isinstance(error, PermissionError) and os.path.lexists(path):
        return OutputError(t("output.not_replaceable", path=path, error=dutch(error)))
    return error


def write_private(path: Path, data: bytes | str, *, overwrite: bool = False) -> Path:
    """Write `data` (text as UTF-8) to `path`, creating its folder; returns `path`. Refuses
    (OutputError) what `check_output` refuses; OSError when the disk says no."""
    write_together([(path, data)], overwrite=overwrite)
    return path


def write_together(
    files: Sequence[tuple[Path, bytes | str]], *, overwrite: bool = False
) -> list[Path]:
    """Write files that belong together (the CSV and XLSX of one export) all or none: each is
    written to a temporary file first, then they take their names one by one; when one cannot
    (open in Excel, a full disk), those already in place are put back as they were, so the
    files never disagree. Returns the paths. Refuses what `check_output` refuses."""
    for path, _data in files:
        check_output(path, overwrite=overwrite)
    partials: list[Path] = []
    try:
        for path, data in files:
            partials.append(_write_partial(path, data))
        _publish_all([path for path, _data in files], partials, overwrite=overwrite)
    finally:
        for partial in partials:
            partial.unlink(missing_ok=True)
    return [path for path, _data in files]


def _write_partial(path: Path, data: bytes | str) -> Path:
    content = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = temporary_beside(path, "deel")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, 0o600)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _publish_all(paths: list[Path], partials: list[Path], *, overwrite: bool) -> None:
    """Publish each partial; on a failure undo the ones before (`_undo`), then raise."""
    done: list[tuple[Path, Path | None]] = []  # (path, the earlier file kept aside, or None)
    try:
        for number, (path, partial) in enumerate(zip(paths, partials, strict=True)):
            last = number == len(paths) - 1
            kept = None if last else _keep_earlier(path)
            try:
                publish(partial, path, overwrite=overwrite)
            except BaseException:
                if kept is not None:
                    kept.unlink(missing_ok=True)
                raise
            done.append((path, kept))
    except BaseException as error:
        _undo(done, paths[len(done)], error)
        raise
    for _path, kept in done:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _keep_earlier(path: Path) -> Path | None:
    """The file at `path` kept aside under a hidden name (a hard link, else a copy), so it can
    be put back; None when there is none."""
    if not os.path.lexists(path):
        return None
    kept = temporary_beside(path, "oud")
    kept.unlink(missing_ok=True)
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)
    return kept


def _undo(done: list[tuple[Path, Path | None]], failed: Path, error: BaseException) -> None:
    """Put back what `done` replaced or remove what it added. When that fails too, an
    OutputError names exactly which files are new and which are not."""
    stuck: list[Path] = []
    for path, kept in reversed(done):
        try:
            if kept is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(kept, path)
        except OSError:
            stuck.append(path)
            if kept is not None:
                kept.unlink(missing_ok=True)
    if stuck:
        reason = _reason(error)
        names = ", ".join(f"'{path}'" for path in reversed(stuck))
        raise OutputError(
            t("output.out_of_step", failed=failed, reason=reason, new=names)
        ) from error


def _reason(error: BaseException) -> str:
    """Why a file was not written, in a few Dutch words."""
    cause = error.__cause__ if isinstance(error, OutputError) else error
    if isinstance(error, OutputError) and error.exists:
        return t("os.EEXIST")
    if isinstance(cause, OSError):
        locked = getattr(cause, "winerror", None) in LOCKED_WINERRORS
        return t("output.reason.locked") if locked else dutch(cause)
    return t("os.other", code="?")


def write_export(folder: Path, stem: str, contents: Mapping[str, bytes | str]) -> dict[str, Path]:
    """An in-app export: the files `stem` + each suffix of `contents`, written together in
    `folder` under the first free name (`free_stem`), never over an existing file; a name
    taken meanwhile moves on to the next free one. Returns the path per suffix."""
    for _attempt in range(3):
        free = free_stem(folder, stem, contents)
        paths = {suffix: folder / f"{free}{suffix}" for suffix in contents}
        try:
            write_together([(paths[suffix], data) for suffix, data in contents.items()])
        except OutputError as error:
            if error.exists:
                continue
            raise
        return paths
    raise OutputError(t("output.exists", path=folder / stem), exists=True)


def export_failure(folder: Path, error: OSError | OutputError) -> str:
    """The Dutch message for an in-app export that was refused or failed."""
    if isinstance(error, OutputError):
        return str(error)
    return t("output.failed", path=folder, error=dutch(error))


def free_stem(folder: Path, stem: str, suffixes: Iterable[str]) -> str:
    """`stem`, or `stem (2)`, `stem (3)` …: the first for which no file with any of `suffixes`
    exists in `folder` (the app never replaces an earlier export)."""
    endings = tuple(suffixes)
    candidate, number = stem, 1
    while any((folder / f"{candidate}{suffix}").exists() for suffix in endings):
        number += 1
        candidate = f"{stem} ({number})"
    return candidate
