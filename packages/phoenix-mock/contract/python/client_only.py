"""Import Phoenix's client packages (phoenix.otel, phoenix.client) as a client-only install would.

In the venv that also holds the arize-phoenix server, `phoenix/__init__.py` is the server's and imports the whole
server (tens of seconds on a loaded machine). A client-only install has no such file: `phoenix` is a namespace
package. Import this module first to get that layout; the client code itself is untouched.
"""
import importlib.util
import sys
import types

if "phoenix" not in sys.modules:
    _spec = importlib.util.find_spec("phoenix")
    if _spec is not None and _spec.submodule_search_locations:
        _namespace = types.ModuleType("phoenix")
        _namespace.__path__ = list(_spec.submodule_search_locations)
        sys.modules["phoenix"] = _namespace
