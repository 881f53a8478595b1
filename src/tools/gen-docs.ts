/** Writes docs/functions.md from the function registry: `npm run docs`. */
import { writeFileSync } from "node:fs";
import { renderFunctionDocs } from "../functions/docs.js";

const target = new URL("../../docs/functions.md", import.meta.url);
writeFileSync(target, renderFunctionDocs());
process.stdout.write(`wrote ${target.pathname}\n`);
