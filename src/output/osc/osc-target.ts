/**
 * Where `--osc-out` sends: `superdirt` (127.0.0.1:57120), `superdirt:HOST:PORT`, `superdirt:PORT`,
 * or `HOST:PORT` for any other OSC receiver (the generic address map).
 *
 * @example parseOscTarget("superdirt")            // { kind: "superdirt", host: "127.0.0.1", port: 57120 }
 *          parseOscTarget("127.0.0.1:57110")      // { kind: "generic", host: "127.0.0.1", port: 57110 }
 *          parseOscTarget("superdirt:192.168.1.20:57120") // SuperDirt on a second laptop
 */
import type { OscKind } from "./address-map.ts";

export interface OscTarget {
  kind: OscKind;
  host: string;
  port: number;
}

export const SUPERDIRT_PORT = 57120;
const USAGE = "superdirt, superdirt:HOST:PORT, superdirt:PORT or HOST:PORT (e.g. 127.0.0.1:57120)";

export class OscTargetError extends Error {}

export function parseOscTarget(spec: string): OscTarget {
  const text = spec.trim();
  const bad = (why: string) => new OscTargetError(`--osc-out "${spec}": ${why}; give ${USAGE}`);
  let kind: OscKind = "generic";
  let rest = text;
  if (text === "superdirt" || text.startsWith("superdirt:")) {
    kind = "superdirt";
    rest = text.slice("superdirt".length + 1);
    if (rest === "") return { kind, host: "127.0.0.1", port: SUPERDIRT_PORT };
  }
  const colon = rest.lastIndexOf(":");
  const host = colon < 0 ? (kind === "superdirt" ? "127.0.0.1" : "") : rest.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const portText = colon < 0 ? rest : rest.slice(colon + 1);
  if (host === "") throw bad(colon < 0 ? "a receiver needs a host and a port" : "the host is missing");
  if (!/^\d+$/.test(portText)) throw bad(`the port must be a number, got "${portText}"`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(`the port must be from 1 to 65535, got ${port}`);
  return { kind, host, port };
}

export function describeOscTarget(t: OscTarget): string {
  return `${t.kind === "superdirt" ? "SuperDirt" : "OSC"} at ${t.host.includes(":") ? `[${t.host}]` : t.host}:${t.port}`;
}
