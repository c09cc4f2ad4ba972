"""HTTP spoken by hand over a raw socket, to send the sandbox what no well-behaved client
would: a lying ``Content-Length``, a foreign ``Host``, a body that never comes."""

from __future__ import annotations

import socket

from tests.helpers import TEST_KEY


def head(
    method: str,
    path: str,
    port: int,
    *,
    host: str | None = "",
    key: str | None = TEST_KEY,
    headers: dict[str, str] | None = None,
) -> bytes:
    """A request line and headers. ``host=""`` means ``127.0.0.1:port``; None sends none."""
    lines = [f"{method} {path} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {host or f'127.0.0.1:{port}'}")
    if key is not None:
        lines.append(f"X-API-Key: {key}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def upload_head(port: int, length: int, boundary: str = "b0undary") -> bytes:
    return head(
        "POST",
        "/api/media/upload",
        port,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
        },
    )


def upload_body(filename: str, data: bytes, boundary: str = "b0undary") -> bytes:
    return (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )


def exchange(port: int, request: bytes, *, timeout: float = 3.0) -> bytes:
    """Send ``request`` and read the answer until the server closes (TimeoutError if it
    does not within ``timeout`` seconds of silence)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        return read_answer(connection)


def read_answer(connection: socket.socket) -> bytes:
    chunks: list[bytes] = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    """The status code of a raw answer (0 for no answer at all)."""
    if not answer:
        return 0
    return int(answer.split(b" ", 2)[1])


def body_of(answer: bytes) -> bytes:
    return answer.partition(b"\r\n\r\n")[2]
