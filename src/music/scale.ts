/**
 * Scales as semitone offsets within an octave, and a registry of named scales that a
 * performer can extend at runtime (`scales.add(new Scale("harmonic_minor", [0,2,3,5,7,8,11]))`).
 */
import { unknownName } from "../core/did-you-mean.ts";

export class ScaleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScaleError";
  }
}

export class Scale {
  readonly name: string;
  readonly intervals: readonly number[];

  /** Refuses a malformed scale with an error that says what is wrong. */
  constructor(name: string, intervals: readonly number[]) {
    if (typeof name !== "string" || !/^[a-z0-9][a-z0-9_]*$/i.test(name)) {
      throw new ScaleError(`scale name must be letters, digits and underscores, got ${JSON.stringify(name)}`);
    }
    const where = `scale "${name}"`;
    if (!Array.isArray(intervals) || intervals.length === 0 || intervals.length > 12) {
      throw new ScaleError(`${where}: needs 1 to 12 semitone offsets, got ${JSON.stringify(intervals)}`);
    }
    intervals.forEach((s, i) => {
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 11) {
        throw new ScaleError(`${where}: offset ${JSON.stringify(s)} at position ${i} must be an integer from 0 to 11`);
      }
      if (i > 0 && s <= intervals[i - 1]!) {
        throw new ScaleError(`${where}: offsets must rise strictly within the octave, but ${s} follows ${intervals[i - 1]}`);
      }
    });
    if (intervals[0] !== 0) throw new ScaleError(`${where}: must start at 0 (the root), got ${intervals[0]}`);
    this.name = name;
    this.intervals = Object.freeze([...intervals]);
  }

  get size(): number {
    return this.intervals.length;
  }

  /** Semitones above the root of scale degree `degree` (0-based; wraps into octaves, negative goes down). */
  semitones(degree: number): number {
    const n = this.intervals.length;
    const octave = Math.floor(degree / n);
    return octave * 12 + this.intervals[degree - octave * n]!;
  }

  /** The MIDI pitch of `degree` above `root`. */
  pitch(root: number, degree: number): number {
    return root + this.semitones(degree);
  }

  /** Whether a pitch class (relative to the root) belongs to the scale. */
  contains(semitonesFromRoot: number): boolean {
    return this.intervals.includes(((semitonesFromRoot % 12) + 12) % 12);
  }

  /** The scale degree nearest a pitch (ties go down). */
  nearestDegree(root: number, pitch: number): number {
    const n = this.intervals.length;
    let best = 0;
    let bestDist = Infinity;
    const approx = Math.floor(((pitch - root) / 12) * n);
    for (let d = approx - n - 1; d <= approx + n + 1; d++) {
      const dist = Math.abs(this.pitch(root, d) - pitch);
      if (dist < bestDist) {
        best = d;
        bestDist = dist;
      }
    }
    return best;
  }
}

export class ScaleRegistry {
  private readonly byName = new Map<string, Scale>();
  private readonly aliases = new Map<string, string>();

  constructor(scales: Iterable<Scale> = []) {
    for (const s of scales) this.add(s);
  }

  /** Add or replace a scale (replacing lets a performer redefine one live). */
  add(scale: Scale): Scale {
    if (!(scale instanceof Scale)) throw new ScaleError(`scales.add() takes a Scale, got ${JSON.stringify(scale)}`);
    this.byName.set(scale.name, scale);
    this.aliases.delete(scale.name);
    return scale;
  }

  /** Another name for an existing scale ("aeolian" → "minor"). */
  alias(alias: string, name: string): void {
    if (!this.byName.has(name)) throw new ScaleError(`cannot alias "${alias}": no scale "${name}"`);
    if (!this.byName.has(alias)) this.aliases.set(alias, name);
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.aliases.has(name);
  }

  /** The scale, or a ScaleError naming the nearest valid names. */
  get(name: string): Scale {
    const scale = this.byName.get(name) ?? this.byName.get(this.aliases.get(name) ?? "");
    if (!scale) {
      throw new ScaleError(unknownName("scale", name, [...this.names(), ...this.aliases.keys()]));
    }
    return scale;
  }

  /** Primary names, in the order added. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Every accepted name, aliases included. */
  allNames(): string[] {
    return [...this.byName.keys(), ...this.aliases.keys()];
  }

  get size(): number {
    return this.byName.size;
  }
}
