"""Reads the span-query route's Arrow answer (`application/x-pandas-arrow`, what Phoenix sends when the client does not
ask for JSON) the way the legacy `px.Client().query_spans()` / `get_spans_dataframe()` of arize-phoenix before 5.9
did (phoenix/session/client.py, removed in 14.0): POST /v1/spans with `project_name` and `project-name` parameters, a
body of `phoenix.trace.dsl.SpanQuery(...).to_dict()` queries (the DSL class that client took) and no Accept header, then `pa.ipc.open_stream` on the body again and again until ArrowInvalid, `read_pandas()` each.
arize-phoenix 20.26.1 no longer ships that client, so its request and decoding are reproduced here with httpx and
pyarrow from the venv (run by test/conformance/cases/span-query-arrow.ts).

stdin: {"steps": [{"label", "project_name", "api_key"?, "where"?: [condition or null], "limit"?, "start_time"?, "accept"?}]}
stdout: {label: {"status", "content_type", "streams": [{"fields", "pandas", "batches", "frame"}]}} or
{label: {"status", "content_type", "text"}} for a refusal. Fields and pandas metadata columns are sorted by name
(Phoenix builds the attribute columns from Python sets); `frame` is spans_frame.describe of `read_pandas()`.
"""
import io
import json
import os
import sys

import client_only  # noqa: F401  (before any phoenix import)
import httpx
import pyarrow as pa
from phoenix.trace.dsl import SpanQuery
from spans_frame import describe

def body(step):
    """The body the legacy `query_spans(*queries, start_time=, limit=)` sent, its queries from Phoenix's own SpanQuery."""
    queries = [SpanQuery() if where is None else SpanQuery().where(where) for where in step.get("where", [None])]
    start_time = step.get("start_time")
    return {
        "queries": [query.to_dict() for query in queries],
        "start_time": start_time,
        "end_time": None,
        "limit": step.get("limit", 1000),
        "root_spans_only": None,
        "orphan_span_as_root_span": True,
    }


def stream(reader):
    table = reader.read_all()
    pandas = json.loads(table.schema.metadata[b"pandas"])
    pandas["columns"] = sorted(pandas["columns"], key=lambda column: column["field_name"])
    return {
        "fields": sorted(f"{field.name}: {field.type}" for field in table.schema),
        "pandas": pandas,
        "batches": len(table.to_batches()),
        "frame": describe(table.to_pandas()),
    }


def query(step):
    headers = {"authorization": f"Bearer {step['api_key']}"} if step.get("api_key") else {}
    if step.get("accept"):
        headers["accept"] = step["accept"]
    try:
        response = send(step, headers)
    except httpx.HTTPError as error:  # a streamed answer that breaks off
        return {"error": type(error).__name__}
    out = {"status": response.status_code, "content_type": response.headers.get("content-type")}
    if response.status_code != 200:
        return {**out, "text": response.text}
    source = io.BytesIO(response.content)
    streams = []
    while True:
        try:
            with pa.ipc.open_stream(source) as reader:
                streams.append(stream(reader))
        except pa.ArrowInvalid:
            break
    return {**out, "bytes_left": len(response.content) - source.tell(), "streams": streams}


def send(step, headers):
    name = step["project_name"]
    return httpx.post(
        f"{os.environ['PHOENIX_COLLECTOR_ENDPOINT']}/v1/spans",
        params={"project_name": name, "project-name": name},
        json=body(step),
        headers=headers,
        timeout=60,
    )


def main():
    plan = json.load(sys.stdin)
    json.dump({step["label"]: query(step) for step in plan["steps"]}, sys.stdout)


if __name__ == "__main__":
    main()
