"""Validation reports that CI systems turn into annotations on the very line of a pull
request:

* ``github``: GitHub Actions workflow commands, one ``::error file=...,line=...::`` (or
  ``::warning``, ``::notice``) per finding, then the verdict as a plain line;
* ``sarif``: SARIF 2.1.0 (OASIS), read by GitHub code scanning, GitLab, Azure DevOps and
  editors: one result per finding with its rule (the shape, or coekg's own check), level,
  message and physical location (file, line).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from coekg import __version__
from coekg.validation.findings import Finding, Report
from coekg.validation.wording import compact, details

_COMMANDS = {"Violation": "error", "Warning": "warning", "Info": "notice"}
_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value, escaped as GitHub reads it."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _message(f: Finding) -> str:
    return f"{compact(f.focus)}: {f.message} ({details(f)})"


def github(report: Report, verdict: str, summary: str) -> str:
    """GitHub Actions workflow commands, one per finding, and the verdict line."""
    lines = []
    for f in sorted(report.findings, key=Finding.sort_key):
        props = []
        if f.file:
            props.append(f"file={_property(f.file)}")
            if f.line is not None:
                props.append(f"line={f.line}")
        props.append(f"title={_property('coekg validate: ' + f.severity)}")
        lines.append(
            f"::{_COMMANDS.get(f.severity, 'error')} {','.join(props)}::{_data(_message(f))}"
        )
    lines.append(verdict + (f" ({summary})" if summary else ""))
    return "\n".join(lines) + "\n"


def _rule_id(f: Finding) -> str:
    shape = f.shape or f.node_shape
    return compact(shape) if shape else (f.component or "coekg")


def _uri(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log of one run."""
    findings = sorted(report.findings, key=Finding.sort_key)
    rules: dict[str, dict[str, object]] = {}
    for f in findings:
        rule_id = _rule_id(f)
        if rule_id not in rules:
            rules[rule_id] = {
                "id": rule_id,
                "shortDescription": {"text": f.message},
                "properties": {"component": f.component, "nodeShape": f.node_shape},
            }
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": _rule_id(f),
            "ruleIndex": index[_rule_id(f)],
            "level": _LEVELS.get(f.severity, "error"),
            "message": {"text": _message(f)},
            "properties": {
                "focusNode": f.focus,
                "resultPath": f.path,
                "value": f.value_term or f.value,
                "severity": f.severity,
            },
        }
        if f.file:
            region = {"startLine": f.line} if f.line is not None else {}
            location: dict[str, object] = {"artifactLocation": {"uri": _uri(f.file)}}
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coekg",
                        "version": __version__,
                        "informationUri": "https://w3id.org/coekg",
                        "rules": list(rules.values()),
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
