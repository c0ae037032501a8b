"""The OpenAPI 3.1 description of the web API, generated from the query catalogue.

One operation per canned query, ``GET /api/queries/{name}``, with the query's title and
description, each of its parameters as a URL query parameter (typed, with its default as
the example), ``format``, the three answer formats, and the RFC 9457 problem answers. The
example answer of each query is the start of its real answer with the defaults, so a
reader sees the columns and the kind of values to expect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coekg import __version__

if TYPE_CHECKING:
    from coekg.query.catalogue import CannedQuery
    from coekg.query.parameters import Parameter

#: ``format`` value -> media type of the answer
API_FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: rows of each query's example answer
EXAMPLE_ROWS = 3

_SCHEMAS: dict[str, Any] = {
    "Term": {
        "type": "object",
        "description": "An RDF term, as SPARQL 1.1 Query Results JSON writes it.",
        "required": ["type", "value"],
        "properties": {
            "type": {"enum": ["uri", "literal", "bnode", "triple"]},
            "value": {},
            "xml:lang": {"type": "string"},
            "datatype": {"type": "string", "format": "iri"},
        },
    },
    "Results": {
        "type": "object",
        "description": "SPARQL 1.1 Query Results JSON: the rows of a SELECT query, or the "
        "boolean of an ASK query. An unbound value is left out of its row.",
        "required": ["head"],
        "properties": {
            "head": {
                "type": "object",
                "properties": {"vars": {"type": "array", "items": {"type": "string"}}},
            },
            "results": {
                "type": "object",
                "properties": {
                    "bindings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": {"$ref": "#/components/schemas/Term"},
                        },
                    }
                },
            },
            "boolean": {"type": "boolean"},
        },
    },
    "Problem": {
        "type": "object",
        "description": "An RFC 9457 problem document.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
        },
    },
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


_RESPONSES = {
    "BadRequest": _problem(
        "A parameter is unknown, missing, given twice or not of its type; `detail` says "
        "which, in the words of `coekg query`."
    ),
    "NotAcceptable": _problem("None of the formats the client accepts is offered."),
    "Unavailable": _problem("The server is busy, or the query took longer than allowed."),
}

_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "iri": {"type": "string", "format": "iri"},
    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "integer": {"type": "integer"},
}


def _parameter(p: Parameter) -> dict[str, Any]:
    schema = dict(_PARAMETER_SCHEMAS[p.type])
    out: dict[str, Any] = {
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": p.description,
        "schema": schema,
    }
    if p.values:
        schema["enum"] = list(p.values)
    if p.default:
        schema["default"] = int(p.default) if p.type == "integer" else p.default
        out["example"] = schema["default"]
    return out


def _operation(q: CannedQuery, example: Mapping[str, Any] | None) -> dict[str, Any]:
    json_content: dict[str, Any] = {"schema": {"$ref": "#/components/schemas/Results"}}
    if example is not None:
        json_content["example"] = example
    return {
        "operationId": q.name,
        "summary": q.title,
        "description": q.description,
        "tags": ["queries"],
        "parameters": [
            *(_parameter(p) for p in q.parameters),
            {"$ref": "#/components/parameters/format"},
        ],
        "responses": {
            "200": {
                "description": "The answer, as `coekg query "
                + q.name
                + " --format json|csv|tsv` gives it.",
                "content": {
                    API_FORMATS["json"]: json_content,
                    API_FORMATS["csv"]: {"schema": {"type": "string"}},
                    API_FORMATS["tsv"]: {"schema": {"type": "string"}},
                },
            },
            "400": {"$ref": "#/components/responses/BadRequest"},
            "406": {"$ref": "#/components/responses/NotAcceptable"},
            "503": {"$ref": "#/components/responses/Unavailable"},
        },
    }


def shorten(results: Mapping[str, Any], rows: int = EXAMPLE_ROWS) -> dict[str, Any]:
    """A JSON results document cut to its first ``rows`` rows (an example answer)."""
    out = dict(results)
    if "results" in out:
        bindings = out["results"].get("bindings", [])
        out["results"] = {"bindings": bindings[:rows]}
    return out


def document(
    queries: Sequence[CannedQuery],
    server_url: str,
    title: str,
    examples: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """The OpenAPI 3.1 document for the catalogue ``queries``, served at ``server_url``;
    ``examples`` holds the example answer of each query that has one."""
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "list-queries",
                "summary": "The canned queries",
                "description": "Every canned query with its title, description and "
                "parameters, as `coekg queries --format json` lists them.",
                "tags": ["catalogue"],
                "responses": {
                    "200": {
                        "description": "The catalogue.",
                        "content": {"application/json": {"schema": {"type": "array"}}},
                    }
                },
            }
        }
    }
    for q in queries:
        paths[f"/api/queries/{q.name}"] = {"get": _operation(q, examples.get(q.name))}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{title}: web API",
            "version": __version__,
            "description": "Each canned query of the dataset, answered with its parameters "
            "given as URL query parameters. The answer is JSON (SPARQL 1.1 Query Results), "
            "CSV or TSV, chosen by `Accept` or by `format`; the bytes are those of `coekg "
            "query NAME --format FORMAT`. A bad parameter is a 400 with an RFC 9457 problem "
            "document.",
        },
        "servers": [{"url": server_url}],
        "tags": [
            {"name": "queries", "description": "The canned queries."},
            {"name": "catalogue", "description": "What the queries are."},
        ],
        "paths": paths,
        "components": {
            "schemas": _SCHEMAS,
            "responses": _RESPONSES,
            "parameters": {
                "format": {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "description": "The answer's format; overrides `Accept`.",
                    "schema": {"enum": list(API_FORMATS)},
                }
            },
        },
    }
