"""``coekg serve``: the published site and a read-only SPARQL endpoint, on one local server.

A WSGI application (:mod:`~coekg.serve.app`) served by waitress (a production WSGI server,
pure Python; :mod:`~coekg.serve.server` starts and stops it):

- static files of a site that :func:`coekg.publish.publish` wrote, with no way out of the
  site folder (``..`` in any spelling, hidden files and symbolic links leading outside are
  refused);
- content negotiation (:mod:`~coekg.serve.negotiation`) on ``/id/{kind}/{slug}``, ``/def``
  and ``/dataset``: a 303 to the HTML, Turtle or JSON-LD document, N-Triples made from the
  Turtle document, 406 when the client accepts none of them, 404 for unknown resources;
- ``/sparql`` (:mod:`~coekg.serve.sparql`): the SPARQL 1.1 Protocol (GET, POST
  form-encoded, POST ``application/sparql-query``), results as JSON, XML, CSV or TSV, graphs
  as Turtle, N-Triples, JSON-LD or RDF/XML, CORS allowed. Updates are refused (403). Queries
  run in worker processes, so a query over its time limit is stopped for good; results over
  the size limit are refused; ``SERVICE`` (which would make the server fetch other URLs) too.

Errors answer with a short message and never with a traceback or a file path.
"""
