import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { SimulationError } from "./errors.js";

/** FNV-1a, 32 bits: turns a stream name into a seed offset. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * One named stream of pseudo-random numbers (xoroshiro128+ from pure-rand). Its draws never shift any
 * other stream's.
 *
 * @public
 */
export class RandomStream {
  /** The stream's name, e.g. `"workload"`. */
  readonly name: string;
  private readonly rng: Generator;

  /** @internal use {@link RandomStreams.stream} */
  constructor(name: string, seed: number) {
    this.name = name;
    // Mixing the name's hash into the seed gives each stream its own sequence; xoroshiro's own seeding
    // scrambles the 32-bit value, so neighbouring seeds do not correlate.
    this.rng = xoroshiro128plus((seed ^ fnv1a(name)) | 0);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new SimulationError("invalid-argument", `int: bad range [${min}, ${max}]`, {
        field: "range",
        value: [min, max],
      });
    }
    return uniformInt(this.rng, min, max);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /**
   * Time to the next arrival of a Poisson process with `ratePerMs` arrivals per millisecond (exponential
   * inter-arrival), in whole milliseconds, at least 1.
   */
  exponential(ratePerMs: number): number {
    if (!(ratePerMs > 0) || !Number.isFinite(ratePerMs)) {
      throw new SimulationError("invalid-argument", `exponential: rate ${ratePerMs} must be > 0`, {
        field: "rate",
        value: ratePerMs,
      });
    }
    return Math.max(1, Math.round(-Math.log(1 - this.float()) / ratePerMs));
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new SimulationError("invalid-argument", "pick: empty list", { field: "items", value: [] });
    }
    return items[this.int(0, items.length - 1)] as T;
  }

  /** `bytes` random bytes as lowercase hex (salts, GUIDs). */
  hex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, "0");
    return out;
  }

  /** A random GUID in the registry format (`xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx`). */
  guid(): string {
    const h = this.hex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/**
 * The scenario seed, split by name: `streams.stream("workload")` always gives the same sequence for the
 * same seed, whatever other streams were drawn from. Streams are made once and cached.
 *
 * @public
 */
export class RandomStreams {
  /** The scenario seed. */
  readonly seed: number;
  private readonly streams = new Map<string, RandomStream>();

  /** @param seed - the scenario seed (an integer) */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new SimulationError("invalid-argument", `seed: ${String(seed)} is not an integer`, {
        field: "seed",
        value: seed,
      });
    }
    this.seed = seed;
  }

  /** The stream called `name` (e.g. `"workload"`, `"faults"`, `"engine:connect"`). */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(name, this.seed);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
