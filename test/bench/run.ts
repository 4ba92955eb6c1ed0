/**
 * `npm run bench -- NAME [args]` runs test/bench/NAME.ts; with no name it lists them.
 * Each benchmark prints its figures and ends with one JSON line (for machines to read).
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  if (name) console.error(`unknown benchmark "${name}"`);
  console.error(`benchmarks: ${available.join(", ")}\nusage: npm run bench -- NAME`);
  process.exit(name ? 2 : 0);
}
process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
await import(pathToFileURL(join(here, `${name}.ts`)).href);
