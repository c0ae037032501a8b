"""Indented JSON text, fast: the text of ``json.dumps(value, ensure_ascii=False, indent=1,
sort_keys=True)``.

With an indent, the standard library encodes in pure Python, one generator step per value;
JSON-LD documents (a page per resource, a dump of a million statements) spent most of their
time there. This writer makes the same text (strings through the standard library's C
escaping, keys sorted, one space per level, the separators ``json`` uses with an indent)
from the plain values that ``json.loads`` gives: dicts with text keys, lists, strings,
numbers, booleans and ``None``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

#: a JSON string for a Python string, escaped as ``json.dumps(ensure_ascii=False)`` does
quote = encode_basestring


def dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)``."""
    return text(value, "\n")


def text(value: object, newline: str) -> str:
    """The text of ``value`` at the depth whose line break and indent is ``newline``."""
    if isinstance(value, str):
        return str(quote(value))
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + " "
        items = []
        for key in sorted(value):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys are text here, not {type(key).__name__}")
            item = value[key]
            shown = quote(item) if type(item) is str else text(item, inner)
            items.append(f"{quote(key)}: {shown}")
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = newline + " "
        items = [quote(v) if type(v) is str else text(v, inner) for v in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    return json.dumps(value, ensure_ascii=False)
