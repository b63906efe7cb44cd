"""A proxy between a client and a throwaway PostgreSQL that breaks a synchronisation where a
kill cannot aim: it listens on a Unix socket of its own (never a network address) and forwards
every connection to the server's socket, byte for byte, until it is told to break one.

- `cut_after_commit()`: the next transaction that records applied changes (an INSERT into
  `sync_toegepast`) is committed by the server, but its reply (CommandComplete "COMMIT") is
  never delivered: the connection is closed instead, as a network that fails at that moment.
- `on_applied(action)`: `action()` (e.g. a server restart) runs when such an INSERT passes,
  before the server sees it, in the middle of the batch's transaction.

    with CuttingProxy(server_socket) as proxy:
        url = proxy.url("organisatie")
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

APPLIED_TABLE = b"sync_toegepast"
COMMIT_REPLY = b"COMMIT\x00"  # the tag of the server's CommandComplete after a commit


class CuttingProxy:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.folder = Path(tempfile.mkdtemp(prefix="cut-"))  # short: socket paths are limited
        self.socket_path = self.folder / ".s.PGSQL.5432"
        self.cuts = 0  # replies withheld
        self.actions_run = 0
        self.action_errors: list[Exception] = []
        self.action_done = threading.Event()  # the client may fail before the action ends
        self._cut_armed = False
        self._action: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sockets: list[socket.socket] = []
        self._closed = False

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql://{user}@/{database}?host={self.folder}"

    def cut_after_commit(self) -> None:
        with self._lock:
            self._cut_armed = True

    def on_applied(self, action: Callable[[], None]) -> None:
        with self._lock:
            self._action = action

    def __enter__(self) -> CuttingProxy:
        self._listener.bind(str(self.socket_path))
        self._listener.listen()
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._closed = True
        for opened in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                opened.close()
        with contextlib.suppress(OSError):
            self.socket_path.unlink()
            self.folder.rmdir()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(str(self.target))
            self._sockets += [client, upstream]
            state = {"applied_sent": False}
            threading.Thread(
                target=self._client_to_server, args=(client, upstream, state), daemon=True
            ).start()
            threading.Thread(
                target=self._server_to_client, args=(upstream, client, state), daemon=True
            ).start()

    def _client_to_server(
        self, client: socket.socket, upstream: socket.socket, state: dict
    ) -> None:
        while True:
            try:
                chunk = client.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            if APPLIED_TABLE in chunk:
                with self._lock:
                    action, self._action = self._action, None
                    state["applied_sent"] = self._cut_armed
                if action is not None:
                    self.actions_run += 1
                    try:
                        action()
                    except Exception as error:  # the test asserts there was none
                        self.action_errors.append(error)
                    finally:
                        self.action_done.set()
            try:
                upstream.sendall(chunk)
            except OSError:
                break
        _close(client, upstream)

    def _server_to_client(
        self, upstream: socket.socket, client: socket.socket, state: dict
    ) -> None:
        while True:
            try:
                chunk = upstream.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            if state["applied_sent"] and COMMIT_REPLY in chunk:
                with self._lock:
                    self._cut_armed = False
                    self.cuts += 1
                state["applied_sent"] = False
                break  # the server committed; the client never hears it
            try:
                client.sendall(chunk)
            except OSError:
                break
        _close(client, upstream)


def _close(*sockets: socket.socket) -> None:
    for opened in sockets:
        with contextlib.suppress(OSError):
            opened.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            opened.close()
