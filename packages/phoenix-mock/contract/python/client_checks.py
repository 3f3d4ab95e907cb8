"""Runs Phoenix's own Python client (`arize-phoenix-client`) through its project, span, trace and span-annotation
calls (run by src/contract/cases/clients.ts, case python-client-checks): each named check is the call's result, or
the exception's class and message, so the real server and the mock can be compared call by call.

stdin: {"project", "new_project", "unknown_project", "api_key", "spans": [Span JSON]}
stdout: {label: result}; datetimes as isoformat with "T" written " at " (the conformance normalizer masks ISO times),
note identifiers' UUIDs as <uuid>. The environment carries PHOENIX_COLLECTOR_ENDPOINT.
"""
import json
import os
import re
import sys
import time
from datetime import datetime, timezone

import client_only  # noqa: F401  (before any phoenix import)
import httpx
from phoenix.client import Client
from phoenix.client.exceptions import SpanCreationError
from phoenix.client.types.spans import SpanQuery
from spans_frame import describe

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def plain(value):
    """JSON-able, keys sorted; the annotations' wall-clock created_at/updated_at as <now>."""
    if isinstance(value, datetime):
        return value.isoformat().replace("T", " at ")
    if isinstance(value, str):
        if len(value) > 19 and value[10] == "T" and value[4] == "-":
            value = value.replace("T", " at ", 1)
        return UUID.sub("<uuid>", value)
    if isinstance(value, dict):
        return {key: "<now>" if key in ("created_at", "updated_at") else plain(value[key]) for key in sorted(value)}
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
    except Exception as error:  # noqa: BLE001  (the client's own refusals: ValueError, ...)
        return {type(error).__name__: str(error)}


def frame_rows_sorted(described):
    """An annotation frame's rows in an order of their contents (the server's order follows row ids)."""
    key = lambda row: json.dumps({k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}, sort_keys=True, default=str)  # noqa: E731
    return {**described, "rows": sorted(described["rows"], key=key)}


def names(spans):
    return [span["name"] for span in spans]


def poll(call, done, seconds=15):
    deadline = time.time() + seconds
    while True:
        try:
            result = call()
            if done(result) or time.time() > deadline:
                return result
        except httpx.HTTPStatusError:
            if time.time() > deadline:
                raise
        time.sleep(0.25)


def main():
    plan = json.load(sys.stdin)
    client = Client(base_url=os.environ["PHOENIX_COLLECTOR_ENDPOINT"], api_key=plan["api_key"])
    project, spans, unknown = plan["project"], plan["spans"], plan["unknown_project"]
    by_name = {span["name"]: span for span in spans}
    span_id = lambda name: by_name[name]["context"]["span_id"]  # noqa: E731
    at = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    out = {}

    # Projects: create, read (by name and id), list, update, delete.
    new = plan["new_project"]
    created = client.projects.create(name=new, description="made by the client")
    out["projects.create"] = plain(created)
    # (A second create of the name is left out: Phoenix 20.26.1 answers 500 and then resets the connection.)
    out["projects.get name"] = attempt(lambda: client.projects.get(project_name=new))
    out["projects.get id"] = attempt(lambda: client.projects.get(project_id=created["id"]))
    out["projects.get unknown"] = attempt(lambda: client.projects.get(project_name=unknown))
    out["projects.list name_contains"] = attempt(lambda: client.projects.list(name_contains=new))
    out["projects.update"] = attempt(lambda: client.projects.update(project_name=new, description="changed"))
    out["projects.update unknown"] = attempt(lambda: client.projects.update(project_name=unknown, description="x"))
    out["projects.delete"] = attempt(lambda: client.projects.delete(project_id=created["id"]))
    out["projects.get deleted"] = attempt(lambda: client.projects.get(project_name=new))

    # Spans: log, wait until stored, log a stored one again.
    out["spans.log_spans"] = attempt(lambda: client.spans.log_spans(project_identifier=project, spans=spans))
    poll(lambda: client.spans.get_spans(project_identifier=project), lambda got: len(got) >= len(spans))
    out["spans.log_spans duplicate"] = attempt(lambda: client.spans.log_spans(project_identifier=project, spans=spans[:1]))

    get = lambda **kwargs: attempt(lambda: client.spans.get_spans(project_identifier=project, **kwargs))  # noqa: E731
    out["get_spans"] = get()
    out["get_spans span_kind=LLM"] = get(span_kind="LLM")
    out["get_spans span_kind=[TOOL,CHAIN] names"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, span_kind=["TOOL", "CHAIN"])))
    out["get_spans start_time"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, start_time=at("2024-07-01T09:00:01Z"))))
    out["get_spans end_time naive"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, end_time=datetime(2024, 7, 1, 9, 1, 0))))
    out["get_spans limit=2"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, limit=2)))
    out["get_spans trace_ids"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, trace_ids=[by_name["t1-root"]["context"]["trace_id"]])))
    out["get_spans span_ids"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, span_ids=[span_id("t2-root"), span_id("t1-tool")])))
    out["get_spans parent_id=null"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, parent_id="null")))
    out["get_spans parent_id"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, parent_id=span_id("t1-root"))))
    out["get_spans name"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, name=["t1-llm", "t3-root"])))
    out["get_spans status_code=ERROR"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, status_code="ERROR")))
    out["get_spans attributes int"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, attributes={"llm.token_count.prompt": 4})))
    out["get_spans attributes str"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, attributes={"user.id": "12345"})))
    out["get_spans attributes int and bool"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project, attributes={"user.id": 12345, "flag": True})))
    out["get_spans unknown project"] = attempt(lambda: client.spans.get_spans(project_identifier=unknown))

    frame = lambda **kwargs: attempt(lambda: describe(client.spans.get_spans_dataframe(project_identifier=project, **kwargs)))  # noqa: E731
    out["get_spans_dataframe"] = frame()
    out["get_spans_dataframe where LLM"] = frame(query=SpanQuery().where("span_kind == 'LLM'"))
    # (SpanQuery().select(...) is left out: the mock answers 501 for it, a documented divergence.)
    out["get_spans_dataframe where ERROR root_spans_only"] = frame(query=SpanQuery().where("status_code == 'ERROR'"), root_spans_only=True)
    out["get_spans_dataframe window limit"] = frame(start_time=at("2024-07-01T09:00:00.5Z"), end_time=at("2024-07-01T09:02:00Z"), limit=2)

    # Traces.
    traces = lambda **kwargs: attempt(lambda: client.traces.get_traces(project_identifier=project, **kwargs))  # noqa: E731
    out["get_traces latency asc include_spans"] = traces(sort="latency_ms", order="asc", include_spans=True)
    out["get_traces limit=1"] = traces(limit=1)
    out["get_traces start_time asc"] = traces(sort="start_time", order="asc", start_time=at("2024-07-01T09:00:30Z"))

    # Span annotations and notes.
    annotations = client.spans
    out["add_span_annotation sync"] = attempt(lambda: annotations.add_span_annotation(span_id=span_id("t1-llm"), annotation_name="quality", label="good", score=0.75, explanation="fine", metadata={"by": "client"}, sync=True))
    out["add_span_annotation async"] = attempt(lambda: annotations.add_span_annotation(span_id=span_id("t2-root"), annotation_name="quality", annotator_kind="LLM", score=1, sync=False))
    out["add_span_annotation nothing"] = attempt(lambda: annotations.add_span_annotation(span_id=span_id("t2-root"), annotation_name="empty", sync=True))
    out["add_span_annotation unknown span"] = attempt(lambda: annotations.add_span_annotation(span_id="0123456789abcdef", annotation_name="quality", label="x", sync=True))
    out["log_span_annotations sync"] = attempt(lambda: annotations.log_span_annotations(span_annotations=[
        {"span_id": span_id("t1-llm"), "name": "tone", "annotator_kind": "CODE", "result": {"label": "calm"}, "identifier": "a"},
        {"span_id": span_id("t1-llm"), "name": "tone", "annotator_kind": "CODE", "result": {"label": "warm"}, "identifier": "b"},
        {"span_id": span_id("t3-root"), "name": "quality", "annotator_kind": "HUMAN", "result": {"score": 0, "explanation": "bad"}},
    ], sync=True))
    out["log_span_annotations empty"] = attempt(lambda: annotations.log_span_annotations(span_annotations=[], sync=True))
    out["add_span_note"] = attempt(lambda: annotations.add_span_note(span_id=span_id("t1-llm"), note="  look here  "))
    out["add_span_note unknown span"] = attempt(lambda: annotations.add_span_note(span_id="0123456789abcdef", note="x"))
    ids = [span_id("t1-llm"), span_id("t2-root"), span_id("t3-root")]
    span_names = {span["context"]["span_id"]: span["name"] for span in spans}
    sort_key = lambda a: (span_names.get(a["span_id"], ""), a["name"], a.get("identifier") or "")  # noqa: E731
    read = lambda **kwargs: sorted(annotations.get_span_annotations(project_identifier=project, span_ids=ids, **kwargs), key=sort_key)  # noqa: E731
    poll(read, lambda got: any(a["span_id"] == span_id("t2-root") for a in got))  # the asynchronous one is in
    out["get_span_annotations"] = attempt(read)
    out["get_span_annotations include"] = attempt(lambda: read(include_annotation_names=["tone"]))
    out["get_span_annotations exclude none (notes too)"] = attempt(lambda: read(exclude_annotation_names=[]))
    out["get_span_annotations limit=1 pages"] = attempt(lambda: read(limit=1))
    out["get_span_annotations unknown project"] = attempt(lambda: annotations.get_span_annotations(project_identifier=unknown, span_ids=ids))
    out["get_span_annotations_dataframe"] = attempt(lambda: frame_rows_sorted(describe(annotations.get_span_annotations_dataframe(project_identifier=project, span_ids=ids))))

    # Delete a span (by its OpenTelemetry id), then an unknown one.
    out["spans.delete"] = attempt(lambda: client.spans.delete(span_identifier=span_id("t1-tool")))
    out["get_spans after delete"] = attempt(lambda: names(client.spans.get_spans(project_identifier=project)))
    out["spans.delete unknown"] = attempt(lambda: client.spans.delete(span_identifier="0123456789abcdef"))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
