"""A fast SHACL engine: the shapes compiled into SPARQL queries that Oxigraph runs.

pySHACL stays the reference: this engine must report the same results (focus node, path,
value, source shape, constraint component, severity and message) for the shapes this project
uses, and ``tests/test_fast_validate.py`` checks that it does. The design:

* :mod:`~coekg.shacl.shapes` reads the shapes graph and finds the shapes the way pySHACL does;
* :mod:`~coekg.shacl.focus` turns targets, and the value nodes of enclosing shapes, into
  SPARQL group patterns that bind the focus nodes;
* :mod:`~coekg.shacl.checks` turns each value-level constraint (``sh:datatype``,
  ``sh:pattern``, ``sh:class``...) into a SPARQL filter that lets through at least every
  failing value, plus an exact check in Python for the few values that pass the filter;
* :mod:`~coekg.shacl.engine` runs one query per constraint group, combines nested shapes
  (``sh:node``, ``sh:or``...) as sets, and runs SHACL-SPARQL constraints as one query with
  ``$this`` joined to the focus nodes;
* :mod:`~coekg.shacl.fallback` hands the shapes it cannot compile to pySHACL, and says so.
"""
