// Comunica (@comunica/query-sparql) as a SPARQL client of an endpoint: reads a JSON object
// {name: query} on standard input, asks the endpoint given as the first argument each
// query, and writes {name: rows} on standard output, each row a list of the terms of the
// query's variables in order, each term [termType, value, language, datatype] (null where
// unbound). One Node.js process for all queries: Comunica takes a second to start.
'use strict';
const { QueryEngine } = require('@comunica/query-sparql');

async function main() {
  const endpoint = process.argv[2];
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const queries = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const engine = new QueryEngine();
  const out = {};
  for (const [name, query] of Object.entries(queries)) {
    const result = await engine.query(query, { sources: [{ type: 'sparql', value: endpoint }] });
    if (result.resultType === 'boolean') {
      out[name] = await result.execute();
      continue;
    }
    const variables = (await result.metadata()).variables.map((v) => (v.variable || v).value);
    const bindings = await (await result.execute()).toArray();
    out[name] = {
      variables,
      rows: bindings.map((b) => variables.map((v) => {
        const term = b.get(v);
        if (!term) return null;
        const datatype = term.datatype && typeof term.datatype.value === 'string' ? term.datatype.value : null;
        return [term.termType, term.value, term.language || null, datatype];
      })),
    };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
