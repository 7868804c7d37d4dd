import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { SimulationError, show } from "./errors.js";

/** FNV-1a, 32 bits: turns a stream name into a seed offset. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

/**
 * splitmix32 step: a well-mixed 32-bit value from a 32-bit state. Used only to fill the generator's 128-bit
 * state, because xoroshiro's plain 32-bit seeding puts the seed almost verbatim into its first outputs.
 */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** The 128-bit start state of stream `name` under `seed` (all 53 bits of the seed count). */
function initialState(name: string, seed: number): number[] {
  const low = seed | 0;
  const high = Math.floor(seed / 0x1_0000_0000) | 0;
  let x = splitmix32(low ^ splitmix32(high ^ fnv1a(name)));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x + i);
    state.push(x);
  }
  // An all-zero state would be a fixed point of xoroshiro; it cannot come out of splitmix in practice.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return state;
}

const HEX_DIGITS: readonly number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
// Character positions of the 32 hex digits in a GUID string (8-4-4-4-12), and a scratch buffer of char
// codes: building the string in one String.fromCharCode call yields a flat string, three times cheaper
// than concatenating slices (GUIDs are map keys on every write path).
const GUID_DIGIT_POSITIONS: readonly number[] = [
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35,
];
const guidChars: number[] = Array.from("00000000-0000-0000-0000-000000000000", (c) => c.charCodeAt(0));
const hexChars: number[] = [];

/**
 * One named stream of pseudo-random numbers (xoroshiro128+ from pure-rand). Its draws never shift any
 * other stream's.
 *
 * @public
 */
export class RandomStream {
  /** The stream's name, e.g. `"workload"`. */
  readonly name: string;
  private rng: Generator;

  /** @internal use {@link RandomStreams.stream} */
  constructor(name: string, seed: number) {
    this.name = name;
    // The name's hash and the seed are mixed by splitmix32 into the full 128-bit state, so each stream has
    // its own sequence and neighbouring seeds or names do not correlate.
    this.rng = xoroshiro128plusFromState(initialState(name, seed));
  }

  /**
   * An independent copy in the same state: it draws the same sequence from here on, and drawing from one
   * never moves the other (for forking a built world, see `World.fork`).
   */
  clone(): RandomStream {
    const copy = new RandomStream(this.name, 0);
    copy.rng = this.rng.clone();
    return copy;
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

  /** A uniformly random 32-bit unsigned integer (one generator draw). */
  uint32(): number {
    return this.rng.next() >>> 0;
  }

  /** `bytes` random bytes as lowercase hex (salts, GUIDs): one generator draw per 4 bytes. */
  hex(bytes: number): string {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new SimulationError("invalid-argument", `hex: ${String(bytes)} is not a byte count`, {
        field: "bytes",
        value: bytes,
      });
    }
    const digits = bytes * 2;
    hexChars.length = digits;
    for (let start = 0; start < digits; start += 8) {
      let word = this.rng.next();
      // Most significant nibble first, as the word's own hex rendering.
      for (let j = 7; j >= 0; j--) {
        if (start + j < digits) hexChars[start + j] = HEX_DIGITS[word & 15] as number;
        word >>>= 4;
      }
    }
    return String.fromCharCode.apply(null, hexChars);
  }

  /** A random GUID in the registry format (`xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx`): four draws. */
  guid(): string {
    for (let w = 0; w < 4; w++) {
      let word = this.rng.next();
      for (let j = 7; j >= 0; j--) {
        guidChars[GUID_DIGIT_POSITIONS[w * 8 + j] as number] = HEX_DIGITS[word & 15] as number;
        word >>>= 4;
      }
    }
    guidChars[14] = 0x34; // version 4
    guidChars[19] = 0x38; // variant 10xx
    return String.fromCharCode.apply(null, guidChars);
  }
}

/**
 * A seed, checked: a safe integer (what every random stream is split from). Run options check theirs with
 * this before anything runs; the streams check again when they are made.
 *
 * @throws SimulationError `invalid-argument` naming the seed
 * @internal
 */
export function checkedSeed(seed: unknown): number {
  if (Number.isSafeInteger(seed)) return seed as number;
  throw new SimulationError("invalid-argument", `seed: ${show(seed)} is not an integer`, {
    field: "seed",
    value: seed,
  });
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
    this.seed = checkedSeed(seed);
  }

  /** Independent copies of every stream made so far, each in its current state, under the same seed. */
  clone(): RandomStreams {
    const copy = new RandomStreams(this.seed);
    for (const [name, stream] of this.streams) copy.streams.set(name, stream.clone());
    return copy;
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
