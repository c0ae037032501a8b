// jsonld.js (npm "jsonld"), a JSON-LD processor we did not write, reads JSON-LD documents
// into N-Quads. Usage: node jsonld-to-nquads.mjs CONTEXTS.json FILE...
// CONTEXTS.json maps the only addresses the processor may load to local files; any other
// address is refused, so a document that needs the network fails. Prints, for each FILE,
// a line "# FILE" and its N-Quads.
import { readFileSync } from "node:fs";
import jsonld from "jsonld";

const [contextsFile, ...files] = process.argv.slice(2);
const contexts = JSON.parse(readFileSync(contextsFile, "utf8"));

const documentLoader = async (url) => {
  if (!(url in contexts)) {
    throw new Error(`refused to load ${url}: not a context the test maps`);
  }
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(contexts[url], "utf8")) };
};

for (const file of files) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const nquads = await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader, safe: true });
  process.stdout.write(`# ${file}\n${nquads}`);
}
