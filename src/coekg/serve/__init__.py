"""``coekg serve``: the published site, a read-only SPARQL endpoint and a web API, on one
local server.

A WSGI application (:mod:`~coekg.serve.app`) served by waitress (a production WSGI server,
pure Python; :mod:`~coekg.serve.server` starts and stops it):

- static files of a site that :func:`coekg.publish.publish` wrote, with no way out of the
  site folder (:mod:`~coekg.serve.site_files`), and its 404 page with links that work
  wherever the site is served;
- content negotiation (:mod:`~coekg.serve.negotiation`) on ``/id/{kind}/{slug}``, ``/def``
  and ``/dataset``: a 303 to the HTML, Turtle or JSON-LD document; N-Triples, N-Quads, TriG
  and RDF/XML made from the Turtle document (:mod:`~coekg.serve.documents`); 406 when the
  client accepts none of them, 404 for unknown resources;
- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form-encoded, POST
  ``application/sparql-query``), results as JSON, XML, CSV or TSV, graphs as Turtle,
  N-Triples, JSON-LD or RDF/XML, CORS allowed, a service description
  (:mod:`~coekg.serve.service_description`), and for browsers the query page with the
  results as a table (:mod:`~coekg.serve.sparql_html`). Updates are refused (403). Queries
  run in worker processes (:mod:`~coekg.serve.sparql`), so a query over its time limit is
  stopped for good; results over the size limit are refused; ``SERVICE`` (which would make
  the server fetch other URLs) too;
- ``/api/queries/{name}`` and ``/api/openapi.json`` (:mod:`~coekg.serve.api`,
  :mod:`~coekg.serve.openapi`): the canned queries as a web API;
- on every answer (:mod:`~coekg.serve.http_cache`): ``ETag``, ``Last-Modified``, 304 and
  gzip.

Errors answer with a short message and never with a traceback or a file path.
"""
