#!/usr/bin/env node
// The `magicbus` command. Sources are TypeScript run through tsx, so there is no build step:
// what you edit is what runs.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
const code = await main(process.argv.slice(2));
// A command that failed may have left something running (a daemon half started): end it here.
if (code !== 0) process.exit(code);
