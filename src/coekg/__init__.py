"""coekg: the Council of Europe co-operation knowledge graph, as linked open data.

The package is a library with a thin command line over it (``coekg.cli``). Heavy
libraries (rdflib, pyshacl, pyoxigraph) are imported inside the functions that use them,
so importing :mod:`coekg` and running ``coekg --help`` stay instant.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
