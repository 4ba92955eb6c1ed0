#!/usr/bin/env node
// The `magicbus` command. Sources are TypeScript run through tsx, so there is no build step:
// what you edit is what runs.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
