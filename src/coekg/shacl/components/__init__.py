"""The table of constraint components the engine compiles: one entry per unit.

The engine knows a constraint parameter only through this table: a shape that uses a
``sh:`` predicate that is neither a component's parameter nor a shape keyword (targets,
``sh:path``, ``sh:message``...) is not compiled, and pySHACL validates it.

The order of the table is the order in which the engine evaluates a shape's components
(value-level checks first, in one query, then the others), so it is the order of the
results; it does not change which results there are.
"""

from __future__ import annotations

from coekg.shacl.components.base import Component
from coekg.shacl.components.cardinality import MaxCount, MinCount
from coekg.shacl.components.class_ import Class
from coekg.shacl.components.closed import Closed
from coekg.shacl.components.datatype import Datatype
from coekg.shacl.components.has_value import HasValue
from coekg.shacl.components.in_ import In
from coekg.shacl.components.language_in import LanguageIn
from coekg.shacl.components.length import MaxLength, MinLength
from coekg.shacl.components.logic import Logic
from coekg.shacl.components.node import Node
from coekg.shacl.components.node_kind import NodeKind
from coekg.shacl.components.pattern import Pattern
from coekg.shacl.components.property import Property
from coekg.shacl.components.property_pair import PropertyPair
from coekg.shacl.components.qualified import QualifiedValueShape
from coekg.shacl.components.sparql import Sparql
from coekg.shacl.components.unique_lang import UniqueLang
from coekg.shacl.components.value_range import ValueRange
from coekg.shacl.shapes import SH

#: every constraint component the engine compiles, in the order it evaluates them
COMPONENTS: tuple[Component, ...] = (
    Class(),
    Datatype(),
    NodeKind(),
    ValueRange(),
    MinLength(),
    MaxLength(),
    Pattern(),
    LanguageIn(),
    In(),
    MinCount(),
    MaxCount(),
    HasValue(),
    UniqueLang(),
    PropertyPair(),
    Node(),
    Logic(),
    QualifiedValueShape(),
    Closed(),
    Property(),
    Sparql(),
)

#: IRIs of the constraint parameters of the components
PARAMETERS = frozenset(SH + p for c in COMPONENTS for p in c.parameters)
#: IRIs of the parameters judged value by value, which an inline shape may use
VALUE_LEVEL = frozenset(SH + p for c in COMPONENTS if c.value_level for p in c.parameters)
#: IRIs of the parameters that only qualify another (sh:flags, sh:qualifiedMinCount...)
OPTIONAL = frozenset(SH + p for c in COMPONENTS for p in c.optional)

_BY_RESULT = {name: c for c in COMPONENTS for name in c.reports}


def reporting(component: str) -> Component | None:
    """The unit whose results have the sh:...ConstraintComponent ``component`` (a local
    name), if the engine compiles it."""
    return _BY_RESULT.get(component)


def used_by(predicates: list[str] | set[str]) -> list[Component]:
    """The components a shape with these predicates uses, in the order of the table."""
    present = set(predicates)
    return [c for c in COMPONENTS if any(SH + p in present for p in c.parameters)]


__all__ = [
    "COMPONENTS",
    "OPTIONAL",
    "PARAMETERS",
    "VALUE_LEVEL",
    "Component",
    "reporting",
    "used_by",
]
