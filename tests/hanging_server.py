"""A server that accepts connections and never answers: a hung registry or download."""

from __future__ import annotations

import socket
import threading


class HangingServer:
    """Listens on 127.0.0.1, accepts every connection and sends nothing back until
    ``release()`` closes them. ``connected`` is set once a client is waiting."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self) -> HangingServer:
        self._thread.start()
        return self

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)
            self.connected.set()

    def release(self) -> None:
        """Drop the waiting connections (the client sees them closed without an answer)."""
        for conn in self.accepted:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.release()
        self.sock.close()
