"""Reads spans back with Phoenix's own Python client, `Client().spans.get_spans_dataframe()` (run by
test/conformance/cases/span-query.ts), and prints the frame in a comparable form.

stdin: {"steps": [{"label", "project_identifier", "api_key"?, "where"?, "limit"?, "start_time"?, "end_time"?}]}
stdout: {label: {"index", "columns": {name: dtype}, "rows": [...]}} or {label: {"error": "<HTTP status> <body>"}}.
Columns and dict keys are sorted: Phoenix builds the attribute columns from Python sets, so their order varies
between server processes. Rows keep the frame's order. The environment carries PHOENIX_COLLECTOR_ENDPOINT.
"""
import json
import math
import os
import sys
from datetime import datetime

import client_only  # noqa: F401  (before any phoenix import)
import httpx
import numpy as np
import pandas as pd
from phoenix.client import Client
from phoenix.client.types.spans import SpanQuery


def plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.ndarray):  # list cells of a frame read from Arrow
        return [plain(item) for item in value.tolist()]
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def frame(step):
    client = Client(base_url=os.environ["PHOENIX_COLLECTOR_ENDPOINT"], api_key=step.get("api_key"))
    kwargs = {"project_identifier": step["project_identifier"]}
    if "where" in step:
        kwargs["query"] = SpanQuery().where(step["where"])
    if "limit" in step:
        kwargs["limit"] = step["limit"]
    for key in ("start_time", "end_time"):
        if key in step:
            kwargs[key] = datetime.fromisoformat(step[key])
    try:
        df = client.spans.get_spans_dataframe(**kwargs)
    except httpx.HTTPStatusError as error:
        return {"error": f"{error.response.status_code} {error.response.text}"}
    return describe(df)


def describe(df):
    """The frame, comparable: index name and dtype, sorted columns with their dtypes, rows in the frame's order."""
    columns = sorted(df.columns)
    return {
        "index": df.index.name,
        "index_dtype": str(df.index.dtype),
        "columns": {name: str(df[name].dtype) for name in columns},
        "rows": [{name: plain(row[name]) for name in columns} for _, row in df.iterrows()],
    }


def main():
    plan = json.load(sys.stdin)
    json.dump({step["label"]: frame(step) for step in plan["steps"]}, sys.stdout)


if __name__ == "__main__":
    main()
