"""A small delaying TCP proxy: a slow network between the app and a throwaway PostgreSQL.

It listens on 127.0.0.1 (an ephemeral port, never another address) and forwards every connection
to a Unix socket (the throwaway server's, see `tools/pg_server.py`, which listens on no network
address at all). Every chunk read from either side is written to the other side `one_way`
seconds after it arrived, in the order it arrived: a query's round trip gets `2 * one_way` more.

    with LatencyProxy.started(postgres_socket(server.socket_dir), one_way=0.025) as proxy:
        url = f"postgresql://postgres@127.0.0.1:{proxy.port}/organisatie"

It counts the round trips it carries (`round_trips`): on each connection, every time the client
sends again after the server's answer reached it, the client has waited one round trip (bytes the
client sends in a row, e.g. a pipeline, are one). Counting them per action shows what the latency
costs without timing anything (the `_round_trips` rows of benchmarks/run.py).

It runs in a thread of its own (asyncio), so the benchmark and the tests start and stop it in
their own process. Not part of the installed program.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HOST = "127.0.0.1"
CHUNK = 64 * 1024


def postgres_socket(socket_dir: Path, port: int = 5432) -> Path:
    """The Unix socket a PostgreSQL server started with `-k socket_dir` listens on."""
    return Path(socket_dir) / f".s.PGSQL.{port}"


class LatencyProxy:
    """`start()` binds 127.0.0.1 on a free port (`port`); `stop()` closes every connection."""

    def __init__(self, target: Path, one_way: float = 0.025) -> None:
        if one_way < 0:
            raise ValueError("one_way must be at least 0 seconds")
        self.target = Path(target)
        self.one_way = one_way
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.connections = 0  # accepted so far: a test can see traffic went through the proxy
        self._round_trips = 0

    @property
    def address(self) -> tuple[str, int]:
        """Where the listening socket is bound (127.0.0.1 and the port)."""
        assert self._server is not None, "not started"
        host, port = self._server.sockets[0].getsockname()[:2]
        return host, port

    @property
    def round_trip(self) -> float:
        return 2 * self.one_way

    @property
    def round_trips(self) -> int:
        """Round trips carried so far, over every connection (connecting counts its own)."""
        return self._round_trips

    def start(self) -> LatencyProxy:
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self._server = loop.run_until_complete(asyncio.start_server(self._accept, HOST, 0))
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as error:  # reported to start()'s caller
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=serve, name="latency-proxy", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)

    @classmethod
    @contextlib.contextmanager
    def started(cls, target: Path, one_way: float = 0.025) -> Iterator[LatencyProxy]:
        proxy = cls(target, one_way).start()
        try:
            yield proxy
        finally:
            proxy.stop()

    # --- inside the proxy's event loop ----------------------------------------------------

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter):
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            server_in, server_out = await asyncio.open_unix_connection(str(self.target))
        except OSError:
            client_out.close()
            self._tasks.discard(task)
            return
        turn = _Turn()
        try:
            await asyncio.gather(
                self._pipe(client_in, server_out, sent=lambda: self._client_sent(turn)),
                self._pipe(server_in, client_out, delivered=turn.answered),
            )
        except asyncio.CancelledError:
            pass
        finally:
            for writer in (client_out, server_out):
                writer.close()
            self._tasks.discard(task)

    def _client_sent(self, turn: _Turn) -> None:
        if turn.client_sends():
            self._round_trips += 1

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        sent: Callable[[], None] = lambda: None,
        delivered: Callable[[], None] = lambda: None,
    ) -> None:
        """Read chunks as they come; a second task writes each one `one_way` after its arrival,
        in order. Reading goes on meanwhile, so the delay does not cut the bandwidth. `sent` is
        called as a chunk is read, `delivered` as one is written on."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:  # end of stream, passed on after the same delay
                    with contextlib.suppress(OSError):
                        if writer.can_write_eof():
                            writer.write_eof()
                    return
                writer.write(chunk)
                delivered()
                await writer.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                chunk = await reader.read(CHUNK)
                if chunk:
                    sent()
                queue.put_nowait((time.monotonic() + self.one_way, chunk))
                if not chunk:
                    break
            await delivering
        except (ConnectionError, OSError):
            pass
        finally:
            delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError, OSError):
                await delivering


class _Turn:
    """Whose turn it is on one connection: the client's bytes after the server's answer reached
    it start a new round trip; more bytes before the next answer belong to the same one."""

    def __init__(self) -> None:
        self._waiting = True  # the first bytes the client sends start the first round trip

    def client_sends(self) -> bool:
        """The client sent bytes: True when they start a new round trip."""
        starts, self._waiting = self._waiting, False
        return starts

    def answered(self) -> None:
        """Bytes from the server reached the client: its next bytes are a new round trip."""
        self._waiting = True
