"""Logs spans and lists traces with Phoenix's own Python client (run by src/contract/cases/project-traces.ts):
`Client().spans.log_spans()` (accepted; once stored, a span of them again: SpanCreationError), then
`Client().traces.get_traces()` with its paging, sorting, filters and spans, and a viewer's and an unknown project's errors.

stdin: {"project", "api_key", "viewer_key", "unknown_project", "spans": [Span JSON]}
stdout: {label: result}; datetimes as isoformat with "T" written " at " (the conformance normalizer masks ISO times).
The environment carries PHOENIX_COLLECTOR_ENDPOINT.
"""
import json
import os
import sys
import time
from datetime import datetime, timezone

import client_only  # noqa: F401  (before any phoenix import)
import httpx
from phoenix.client import Client
from phoenix.client.exceptions import SpanCreationError


def plain(value):
    if isinstance(value, datetime):
        return value.isoformat().replace("T", " at ")
    if isinstance(value, str) and len(value) > 19 and value[10] == "T" and value[4] == "-":
        return value.replace("T", " at ", 1)
    if isinstance(value, dict):
        return {key: plain(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def attempt(call):
    try:
        return plain(call())
    except SpanCreationError as error:
        return {
            "SpanCreationError": str(error),
            "duplicates": plain(error.duplicate_spans),
            "invalid": plain(error.invalid_spans),
            "counts": [error.total_received, error.total_queued, error.total_duplicates, error.total_invalid],
        }
    except httpx.HTTPStatusError as error:
        return {"HTTPStatusError": f"{error.response.status_code} {error.response.text}"}


def main():
    plan = json.load(sys.stdin)
    base_url = os.environ["PHOENIX_COLLECTOR_ENDPOINT"]
    client = Client(base_url=base_url, api_key=plan["api_key"])
    viewer = Client(base_url=base_url, api_key=plan["viewer_key"])
    project, spans = plan["project"], plan["spans"]
    out = {"log": attempt(lambda: client.spans.log_spans(project_identifier=project, spans=spans))}
    out["viewer-log"] = attempt(lambda: viewer.spans.log_spans(project_identifier=project, spans=spans[:1]))
    deadline = time.time() + 15
    while time.time() < deadline:
        try:  # the project appears with its first stored span (404 until then)
            if len(client.traces.get_traces(project_identifier=project)) >= 3:
                break
        except httpx.HTTPStatusError:
            pass
        time.sleep(0.25)
    # Only stored spans count as duplicates (Phoenix does not look into its queue): after they are stored.
    out["log-again"] = attempt(lambda: client.spans.log_spans(project_identifier=project, spans=spans[:1]))
    get = lambda **kwargs: attempt(lambda: client.traces.get_traces(project_identifier=project, **kwargs))  # noqa: E731
    out["traces"] = get()
    out["traces-latency-spans"] = get(sort="latency_ms", order="asc", include_spans=True)
    out["traces-limit-2"] = get(limit=2)
    out["traces-window"] = get(start_time=datetime(2024, 5, 1, 9, 0, 1, tzinfo=timezone.utc), end_time=datetime(2024, 5, 1, 9, 0, 3))
    out["traces-error"] = get(error=True)
    out["traces-latency-bounds"] = get(min_latency_ms=1000, max_latency_ms=1500.5)
    out["viewer-traces"] = attempt(lambda: viewer.traces.get_traces(project_identifier=project, limit=1))
    out["unknown-project"] = attempt(lambda: client.traces.get_traces(project_identifier=plan["unknown_project"]))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
