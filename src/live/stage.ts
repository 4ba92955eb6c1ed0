/**
 * The stage: which patch owns which live nodes, and the swap that brings a new version of a
 * patch in. Nodes are matched by name, like keyed UI diffing: same name and kind → the running
 * node adopts the new settings and keeps its state; gone → stopped (its sounding notes end);
 * new → started; same name but another kind → replaced.
 */
import { basename } from "node:path";
import { sameParamValue } from "../core/params.ts";
import { baseName, uniqueName, type NodeLike, type System } from "../core/system.ts";

export interface SwapReport {
  file: string;
  kept: string[];
  added: string[];
  removed: string[];
  replaced: string[];
}

export class Stage {
  /** Nodes of each patch, by name. */
  private readonly patches = new Map<string, Map<string, NodeLike>>();
  /**
   * The params each node's patch declared at its last swap. A reload sets only the params whose
   * declared value changed, so what the performer set from the REPL (or a controller) survives a
   * save of the patch, unless that very param was edited in the patch.
   */
  private readonly declared = new Map<string, Record<string, unknown>>();
  /**
   * Names each patch's waiting version will bring at its swap. Two patches loaded in the same
   * instant (at start-up, both swap at tick 0) must not both take a name that neither owns yet.
   */
  private readonly claims = new Map<string, Set<string>>();

  constructor(private readonly system: System) {}

  files(): string[] {
    return [...this.patches.keys()];
  }

  nodesOf(file: string): string[] {
    return [...(this.patches.get(file)?.keys() ?? [])];
  }

  ownerOf(name: string): string | undefined {
    for (const [file, nodes] of this.patches) if (nodes.has(name)) return file;
    return undefined;
  }

  /** The patch whose waiting version will bring `name`, if any. */
  claimantOf(name: string): string | undefined {
    for (const [file, names] of this.claims) if (names.has(name)) return file;
    return undefined;
  }

  /** `file`'s next version (cued, not swapped in yet) brings these names; replaces its earlier claim. */
  claim(file: string, names: Iterable<string>): void {
    this.claims.set(file, new Set(names));
  }

  /** `file` has no version waiting any more (swapped in, replaced, or the file is gone). */
  release(file: string): void {
    this.claims.delete(file);
  }

  /**
   * Give every node its final name (its own, or one derived from its class) and check that no
   * name is taken by another patch or by the session (clock, midi …). Returns the named nodes.
   */
  name(file: string, nodes: readonly NodeLike[]): Map<string, NodeLike> {
    const named = nameNodes(nodes);
    for (const name of named.keys()) {
      const owner = this.ownerOf(name);
      if (owner !== undefined && owner !== file) {
        throw new Error(`a node named "${name}" already belongs to ${basename(owner)}; choose another name`);
      }
      const claimant = this.claimantOf(name);
      if (claimant !== undefined && claimant !== file) {
        throw new Error(`a node named "${name}" is coming in with ${basename(claimant)} (loaded first); choose another name`);
      }
      if (owner === undefined && this.system.node(name)) {
        const session = this.system.names().filter((n) => !this.ownerOf(n));
        throw new Error(`"${name}" is the name of a session node (${session.join(", ")}); choose another name`);
      }
    }
    return named;
  }

  /** Bring in a version of `file` (now: call it at the quantum boundary). */
  swap(file: string, incoming: Map<string, NodeLike>): SwapReport {
    this.release(file);
    const current = this.patches.get(file) ?? new Map<string, NodeLike>();
    const next = new Map<string, NodeLike>();
    const report: SwapReport = { file, kept: [], added: [], removed: [], replaced: [] };
    for (const [name] of current) {
      if (!incoming.has(name)) {
        if (this.system.node(name)) this.system.remove(name);
        this.declared.delete(name);
        report.removed.push(name);
      }
    }
    for (const [name, node] of incoming) {
      const old = current.get(name);
      const declared = declaredParams(node);
      if (old && this.system.node(name) === old && canAdopt(old, node)) {
        const before = this.declared.get(name) ?? {};
        const edited = Object.keys(declared).filter((p) => !(p in before) || !sameParamValue(before[p], declared[p]));
        (old as Adopter).adopt(node, edited);
        this.declared.set(name, declared);
        next.set(name, old);
        report.kept.push(name);
        continue;
      }
      this.declared.set(name, declared);
      if (old) {
        // Gone after an error, or another kind of node under the same name.
        if (this.system.node(name)) this.system.remove(name);
        report.replaced.push(name);
      } else {
        report.added.push(name);
      }
      this.system.add(node, name);
      next.set(name, node);
    }
    if (next.size > 0 || this.patches.has(file)) this.patches.set(file, next);
    return report;
  }

  /** Take a patch off the stage: its nodes stop and their notes end. */
  unload(file: string): string[] {
    this.release(file);
    const nodes = this.patches.get(file);
    if (!nodes) return [];
    this.patches.delete(file);
    const removed: string[] = [];
    for (const name of nodes.keys()) {
      this.declared.delete(name);
      if (this.system.node(name)) {
        this.system.remove(name);
        removed.push(name);
      }
    }
    return removed;
  }
}

/** Each node under its own name, or one derived from its class; names must be unique. */
export function nameNodes(nodes: readonly NodeLike[]): Map<string, NodeLike> {
  const named = new Map<string, NodeLike>();
  for (const node of nodes) {
    const name = node.name ?? uniqueName(baseName(node), (n) => named.has(n));
    if (named.has(name)) throw new Error(`two nodes are named "${name}" in this patch; names must be unique`);
    named.set(name, node);
  }
  return named;
}

interface Adopter extends NodeLike {
  adopt(newer: NodeLike, params?: readonly string[]): void;
  params?(): Record<string, unknown>;
}

function declaredParams(node: NodeLike): Record<string, unknown> {
  const params = (node as Partial<Adopter>).params;
  return typeof params === "function" ? params.call(node) : {};
}

/**
 * Same kind, able to take over settings, and the same code: a node class defined in the patch is
 * re-created by every reload, and when its source changed the performer wants the new code, so
 * such a node is replaced rather than updated.
 */
function canAdopt(old: NodeLike, node: NodeLike): boolean {
  if (typeof (old as Partial<Adopter>).adopt !== "function") return false;
  if (old.kind === undefined || old.kind !== node.kind) return false;
  return old.constructor === node.constructor || String(old.constructor) === String(node.constructor);
}

export function describeSwap(r: SwapReport): string {
  const parts = [
    ...r.added.map((n) => `+${n}`),
    ...r.removed.map((n) => `-${n}`),
    ...r.replaced.map((n) => `!${n}`),
    ...r.kept.map((n) => `~${n}`),
  ];
  return parts.join(" ") || "(no nodes)";
}
