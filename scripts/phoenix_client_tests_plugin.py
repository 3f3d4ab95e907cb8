"""pytest plugin for scripts/phoenix-client-tests.sh: Phoenix's client integration tests against the mock.

Phoenix's tests start their server with `_server(app)` from tests/integration/_helpers.py (`python -m
phoenix.server.main serve` with the package's environment: ports, auth, secrets, SMTP). With
PHOENIX_CLIENT_TESTS_TARGET=mock, this plugin swaps that function, in _helpers and in every conftest that imported
it, for one that starts the mock's CLI (`node <PHOENIX_MOCK_CLI> serve`) with the same environment and ports, and
waits for its /healthz as Phoenix's helper does. With PHOENIX_CLIENT_TESTS_TARGET=real it changes nothing of the
server. For both it gives the OTLP exporter modules the `_MAX_RETRYS` Phoenix's conftest asserts (see
pytest_configure).
The mock's request log goes to PHOENIX_CLIENT_TESTS_LOG_DIR/mock-<port>.log when that variable is set.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from typing import Any, Iterator

import pytest

TARGET = os.environ.get("PHOENIX_CLIENT_TESTS_TARGET", "mock")


@contextmanager
def _mock_server(app: Any) -> Iterator[Any]:
    cli = os.environ["PHOENIX_MOCK_CLI"]
    env = {**app.env, "PATH": os.environ.get("PATH", "")}
    port = env.get("PHOENIX_PORT", "6006")
    args = ["node", cli, "serve", "--port", port, "--grpc-port", env.get("PHOENIX_GRPC_PORT", "4317")]
    log_dir = os.environ.get("PHOENIX_CLIENT_TESTS_LOG_DIR")
    log = open(os.path.join(log_dir, f"mock-{port}.log"), "w") if log_dir else subprocess.DEVNULL
    # stdin a pipe: the mock stops when it closes, so it never outlives pytest.
    process = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=log, stderr=log)
    try:
        deadline = time.time() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"phoenix-mock exited with code {process.returncode}")
            try:
                urllib.request.urlopen(f"{app.base_url}/healthz", timeout=2)
                break
            except Exception:
                if time.time() > deadline:
                    raise TimeoutError(f"phoenix-mock on port {port} did not start within 30 seconds")
                time.sleep(0.1)
        yield app
    finally:
        process.kill()
        process.wait(10)
        if log is not subprocess.DEVNULL:
            log.close()


def _patch(module: Any) -> None:
    if getattr(module, "_server", None) is not None and getattr(module, "__name__", "").rpartition(".")[2] in (
        "_helpers",
        "conftest",
    ):
        module._server = _mock_server


@pytest.hookimpl(trylast=True)
def pytest_plugin_registered(plugin: Any, manager: Any) -> None:
    """Each conftest is registered as a plugin once imported: its `_server` (and _helpers') is replaced then."""
    if TARGET != "mock":
        return
    _patch(plugin)
    import sys

    for name, module in list(sys.modules.items()):
        if name.endswith("._helpers") or name == "_helpers":
            _patch(module)


def pytest_configure(config: Any) -> None:
    """Phoenix's conftest asserts the OTLP exporters' `_MAX_RETRYS` (and sets it to 2); the OpenTelemetry exporters
    installed with Phoenix 20.26.1 no longer have it (they retry by deadline), so it is given for the assert to pass."""
    from opentelemetry.exporter.otlp.proto.grpc import exporter
    from opentelemetry.exporter.otlp.proto.http import trace_exporter

    for module in (exporter, trace_exporter):
        if not isinstance(getattr(module, "_MAX_RETRYS", None), int):
            setattr(module, "_MAX_RETRYS", 2)


def pytest_report_header(config: Any) -> str:
    return f"phoenix client tests target: {TARGET}"
