"""The server as uvicorn runs it: slow clients are closed, so they cannot hold
every connection, and X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

import re
import select
import socket
import time

import httpx

from conftest import FIXTURES, start_server

BANKS = FIXTURES / "banks"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def closed_by_server(sockets: list[socket.socket], deadline_seconds: float = 120) -> list[socket.socket]:
    """Wait until the server has closed each socket (read gives end of file);
    the ones still open when the generous hang guard runs out."""
    open_ones = list(sockets)
    deadline = time.monotonic() + deadline_seconds
    while open_ones and time.monotonic() < deadline:
        readable, _, _ = select.select(open_ones, [], [], 1.0)
        for sock in readable:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                open_ones.remove(sock)
    return open_ones


def test_slow_clients_are_closed_and_the_server_keeps_answering(tmp_path):
    server = start_server(tmp_path, questionnaires=BANKS, extra_env={
        "SURVEY_HEADER_TIMEOUT_SECONDS": "1", "SURVEY_BODY_TIMEOUT_SECONDS": "1", "SURVEY_KEEP_ALIVE_SECONDS": "1"})
    port = int(server.url.rsplit(":", 1)[1])
    slow = []
    try:
        for n in range(20):  # headers that never finish
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" if n % 2 else b"")
            slow.append(sock)
        body = socket.create_connection(("127.0.0.1", port))  # a body that stops
        body.sendall(b"POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 1000\r\n\r\nemail=a")
        slow.append(body)
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/healthz").status_code == 200, "answering while slow clients wait"
        assert closed_by_server(slow) == [], server.output()[-2000:]
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/healthz").status_code == 200
        assert "did not arrive in time" in server.output() and "stopped arriving" in server.output()
    finally:
        for sock in slow:
            sock.close()
        server.stop()


def wrong_codes(server, forwarded_for: list[str]) -> list[int]:
    """One wrong resume code per entry, each sent with that X-Forwarded-For."""
    statuses = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = TOKEN.search(client.get("/s/routing/resume").text).group(1)
        for address in forwarded_for:
            reply = client.post("/s/routing/resume", data={"code": "AAAA-BBBB-CCCC", "_csrf_token": token},
                                headers={"X-Forwarded-For": address})
            statuses.append(reply.status_code)
    return statuses


def test_a_made_up_forwarded_for_does_not_dodge_the_limit(tmp_path):
    server = start_server(tmp_path, questionnaires=BANKS, extra_env={"SURVEY_COOKIE_SECURE": "false", "SURVEY_RESUME_ATTEMPTS": "3"})
    try:
        statuses = wrong_codes(server, [f"203.0.113.{n}" for n in range(5)])
    finally:
        server.stop()
    assert statuses == [200, 200, 200, 429, 429], "no proxy is trusted by default: the header is ignored"


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(tmp_path):
    server = start_server(tmp_path, questionnaires=BANKS, extra_env={
        "SURVEY_COOKIE_SECURE": "false", "SURVEY_RESUME_ATTEMPTS": "3", "SURVEY_TRUSTED_PROXIES": "127.0.0.1"})
    try:
        statuses = wrong_codes(server, ["203.0.113.7"] * 4 + ["198.51.100.2"] + ["203.0.113.9, 198.51.100.2"])
    finally:
        server.stop()
    # The fourth guess from one client waits; another client behind the same
    # proxy is not locked out by it. A client cannot pretend to be another by
    # adding to the header: the address the proxy saw (the last) counts.
    assert statuses == [200, 200, 200, 429, 200, 200]


def test_a_browser_that_goes_away_mid_form_is_logged_as_such_not_as_an_error(tmp_path):
    server = start_server(tmp_path, questionnaires=BANKS)
    port = int(server.url.rsplit(":", 1)[1])
    try:
        for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=b"):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(f"POST /s/routing/start HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
                         "Content-Length: 100000\r\n\r\n".encode() + b"x" * 5000)
            time.sleep(0.2)  # let the server start reading the body before the browser goes
            sock.close()
        deadline = time.monotonic() + 60  # a hang guard: the loop ends as soon as both are logged
        while server.output().count("went away while sending a form") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        output = server.output()
        assert output.count("went away while sending a form to /s/routing/start") == 2, output[-3000:]
        assert "Traceback" not in output and "error on POST" not in output
    finally:
        server.stop()


def test_idle_connections_outlast_a_clients_own_keep_alive():
    """A request sent on an idle connection just as the server closes it is
    lost (httpx's ReadError under load): the server keeps idle connections
    longer than clients do, so the client always closes first."""
    from survey.serving import uvicorn_options
    from survey.settings import Settings

    options = uvicorn_options(Settings())
    assert options["timeout_keep_alive"] > httpx.Limits().keepalive_expiry
    assert options["timeout_worker_healthcheck"] >= 30
    assert options["limit_concurrency"] and options["proxy_headers"] is False
