"""The messages of a result: those the shapes give, or the generic one pySHACL writes.

A result of a SHACL-SPARQL constraint carries its own messages; a shape with sh:message
gives those; otherwise the result gets its component's generic message
(:meth:`~coekg.shacl.components.base.Component.message`), word for word pySHACL's, with
terms written by :class:`~coekg.shacl.stringify.Stringifier`.
"""

from __future__ import annotations

from coekg.shacl.components import reporting
from coekg.shacl.results import Result
from coekg.shacl.stringify import Stringifier


def generic(r: Result, s: Stringifier) -> str | None:
    """pySHACL's message for ``r`` when its shape has none (None for SPARQL results)."""
    component = reporting(r.component)
    return None if component is None else component.message(r, s)


def messages(r: Result, s: Stringifier | None) -> tuple[str, ...]:
    """The sh:resultMessage values of ``r``."""
    if r.messages is not None:
        return r.messages
    if r.shape.messages:
        return tuple(m.value for m in r.shape.messages)
    if s is None:
        return ()
    text = generic(r, s)
    return () if text is None else (text,)
