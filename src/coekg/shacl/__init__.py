"""A fast SHACL engine: the shapes compiled into SPARQL queries that Oxigraph runs.

pySHACL stays the reference: this engine must report the same results (focus node, path,
value, source shape, constraint component, severity and message) for the shapes this project
uses, and ``tests/test_fast_validate.py`` checks that it does, with a comparison of its own
(``tests/shacl_compare.py``). Like pySHACL, the engine keeps each constraint component in
one unit, registered in one table.

The layout, from the leaves up (imports go one way: no module imports one above it):

* :mod:`~coekg.shacl.shapes` reads the shapes graph and finds the shapes the way pySHACL does;
* :mod:`~coekg.shacl.paths` writes SHACL paths and terms as SPARQL, and defines
  :class:`~coekg.shacl.paths.NotCompilable`;
* :mod:`~coekg.shacl.literals` keeps literals in the store as pySHACL reads them;
* :mod:`~coekg.shacl.focus` turns targets, and the value nodes of enclosing shapes, into
  SPARQL group patterns that bind the focus nodes;
* :mod:`~coekg.shacl.results` is a result, as RDF terms;
* :mod:`~coekg.shacl.store` is the data (an Oxigraph store) and its queries;
* :mod:`~coekg.shacl.stringify` writes terms as pySHACL's generic messages write them;
* :mod:`~coekg.shacl.components` is the table of constraint components; each unit in it
  holds its parameters, its compilation (a SPARQL filter judged value by value, or its own
  queries per focus node), its exact check and pySHACL's generic message.
  :mod:`~coekg.shacl.components.base` says what a unit is made of and what it may ask of
  the engine (:class:`~coekg.shacl.components.base.Evaluator`). Units: ``cardinality``
  (sh:minCount, sh:maxCount), ``datatype``, ``class_``, ``node_kind``, ``value_range`` (the
  four bounds), ``length`` (sh:minLength, sh:maxLength), ``pattern``, ``language_in``,
  ``unique_lang``, ``in_``, ``has_value``, ``property_pair`` (sh:equals, sh:disjoint,
  sh:lessThan, sh:lessThanOrEquals), ``node``, ``logic`` (sh:not, sh:and, sh:or, sh:xone),
  ``qualified`` (qualified value shapes), ``closed``, ``property`` and ``sparql``
  (SHACL-SPARQL constraints);
* :mod:`~coekg.shacl.engine` is the core: it runs the value-level checks of a shape as one
  query, dispatches everything else to the units, and gives them what they share (nested
  shapes as sets of failing nodes, value nodes, subclasses);
* :mod:`~coekg.shacl.messages` gives a result its messages (the shape's, or the unit's
  generic one);
* :mod:`~coekg.shacl.fallback` hands the shapes the engine cannot compile to pySHACL, and
  matches pySHACL's results to our shapes;
* :mod:`~coekg.shacl.run` is the entry point: :func:`~coekg.shacl.run.validate_triples`
  (or :func:`~coekg.shacl.run.validate_store`, for a store already built, as
  :func:`~coekg.shacl.literals.build_store_from_lines` builds it from N-Triples lines)
  returns an :class:`~coekg.shacl.run.Outcome`. The top-level shapes are independent: an
  engine on each core takes them one by one (Oxigraph answers a query without holding
  Python's global lock), and their results are put back in the order of the shapes.

How to add a constraint component:

1. write a unit in ``components/``: a subclass of
   :class:`~coekg.shacl.components.base.Component` with its ``name``, ``parameters``
   (local names in ``sh:``; ``optional`` for qualifiers such as ``sh:flags``), ``reports``
   (the ``sh:...ConstraintComponent`` local names of its results) and ``value_level``; then
   either ``value_checks`` (a :class:`~coekg.shacl.components.base.ValueCheck`: a SPARQL
   filter letting through at least every failing value, and ``fails``, the exact check
   pySHACL makes) or ``evaluate`` (its own queries through the ``Evaluator``), ``message``
   (pySHACL's generic message, word for word), and ``nested_shapes`` or ``check`` if it
   refers to shapes or can refuse a use at compile time;
2. add an instance to ``COMPONENTS`` in ``components/__init__.py``, where its place is the
   order in which it is evaluated;
3. add its fixtures: ``tests/fixtures/shacl-engine/components/NAME.shapes.ttl`` (using each
   of its parameters, without ``sh:message`` so that its generic messages are compared),
   ``NAME.valid.ttl`` (data that conforms) and ``NAME.invalid.ttl`` (data with a result of
   each component it reports). ``tests/test_shacl_components.py`` runs them through both
   engines, and fails for a registered unit without them.

Until then pySHACL validates every shape using the new parameter, and says so.
"""
