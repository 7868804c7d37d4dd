/**
 * The stable codes a {@link SimulationError} carries. Callers branch on the code, never on the message.
 *
 * @public
 */
export type SimulationErrorCode =
  | "time-in-past"
  | "invalid-time"
  | "invalid-duration"
  | "invalid-argument"
  | "run-limit-exceeded"
  | "unknown-parent"
  | "duplicate-identity"
  | "no-such-object"
  | "object-deleted"
  | "invalid-attribute"
  | "invalid-dn"
  | "not-deleted"
  | "restore-expired"
  | "quota-exceeded"
  | "throttled"
  | "tenant-unavailable"
  | "link-down"
  | "host-down"
  | "dc-unreachable"
  | "invalid-scenario"
  | "invalid-expression"
  | "expression-error"
  | "unsupported"
  | "refused"
  | "busy";

/**
 * Extra facts about an error: the field or position at fault and the value found there.
 *
 * @public
 */
export interface SimulationErrorDetails {
  /** The field, attribute, path or parameter at fault (e.g. `"events[3].at"`, `"userPrincipalName"`). */
  readonly field?: string;
  /** The offending value, as given. */
  readonly value?: unknown;
  /** For `throttled`: virtual milliseconds to wait before trying again. */
  readonly retryAfterMs?: number;
  /** For expression errors: zero-based character position. */
  readonly position?: number;
}

/**
 * The one error type the simulator throws for bad input or a refused operation. It carries a stable
 * {@link SimulationErrorCode}; the message names the field and the value. A failed operation leaves every
 * store exactly as it was.
 *
 * @remarks design.md places typed errors in the model layer; they live in the kernel because the kernel
 * itself must raise `time-in-past` and `invalid-duration`, and the kernel imports nothing of ours.
 *
 * @public
 */
export class SimulationError extends Error {
  /** Stable machine-readable code. */
  readonly code: SimulationErrorCode;
  /** Field, value and other facts about the failure. */
  readonly details: SimulationErrorDetails;

  /**
   * @param code - stable code
   * @param message - human message naming the field and the value
   * @param details - structured facts about the failure
   */
  constructor(code: SimulationErrorCode, message: string, details: SimulationErrorDetails = {}) {
    super(message);
    this.name = "SimulationError";
    this.code = code;
    this.details = details;
  }
}

/**
 * True when `error` is a {@link SimulationError}, optionally with the given code.
 *
 * @public
 */
export function isSimulationError(error: unknown, code?: SimulationErrorCode): error is SimulationError {
  return error instanceof SimulationError && (code === undefined || error.code === code);
}

/**
 * The `invalid-argument` error of a setting: `<field>: <value> <why>`, with the field and value in `details`
 * (what every config validator says of a value it refuses). @internal
 */
export function invalidArgument(field: string, value: unknown, why: string): SimulationError {
  return new SimulationError("invalid-argument", `${field}: ${show(value)} ${why}`, { field, value });
}

/**
 * A number with thousands separators (2,000,000), independent of the machine's locale: the figures messages,
 * preset descriptions and reports work out. @internal
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, fraction] = String(Math.abs(n)).split(".");
  const grouped = (whole ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (n < 0 ? "-" : "") + grouped + (fraction ? `.${fraction}` : "");
}

/** Renders a value for an error message: strings quoted, others JSON. @internal */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** At most a handful of a list's values, each {@link show}n, for a message (`…` when there are more). @internal */
export function showSome(values: Iterable<string>, limit = 4): string {
  const all = [...values];
  const listed = all.slice(0, limit).map(show).join(", ");
  return all.length > limit ? `${listed}, …` : listed;
}

/**
 * Whether a value from a scenario or config is a plain record (an object, not null, not a list): what a
 * setting that takes `{ … }` accepts.
 *
 * @internal
 */
export function isRecord<T>(value: T): value is T & object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a value is a whole number (a safe integer) of at least `least`. @internal */
export function isWholeNumber(value: unknown, least = 0): value is number {
  return Number.isSafeInteger(value) && (value as number) >= least;
}

/**
 * An optional whole-number setting a caller passed (a count, a limit), checked: absent, or a whole number of
 * at least `least`. @internal
 */
export function checkWholeNumber(value: unknown, field: string, least = 0): void {
  if (value !== undefined && !isWholeNumber(value, least))
    throw invalidArgument(field, value, `is not a whole number ≥ ${least}`);
}

/** An optional yes/no setting a caller passed, checked: absent, or a boolean. @internal */
export function checkFlag(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== "boolean")
    throw invalidArgument(field, value, "is not true or false");
}

/** `unknown` when `Names` lists every option of `Options`, else `never` (which no list of names is). */
type ListsEvery<Options, Names extends readonly unknown[]> = [Exclude<keyof Options, Names[number]>] extends [
  never,
]
  ? unknown
  : never;

/**
 * The option names of an options interface, as the list {@link checkedOptionsObject} takes, checked at
 * compile time against the interface: a name it lacks, or one of its options left out, is a type error — so
 * an option added to the interface later cannot be refused as unknown. Called as
 * `optionNames<RunOptions>()("seed", "onProgress", "engineFactory")`. @internal
 */
export function optionNames<Options>(): <const Names extends readonly (keyof Options & string)[]>(
  ...names: Names & ListsEvery<Options, Names>
) => Names {
  return (...names) => names;
}

/**
 * An options object a caller passed, checked: an object (not null, not a list) naming only options the
 * entry point takes, as a scenario names only known fields — a misspelt `sed` would otherwise leave the
 * scenario's seed in use without a word (TypeScript catches it in an object literal, not in a variable or
 * in JavaScript). @internal
 *
 * @param names - the options there are ({@link optionNames})
 * @param at - where a nested options object sits (`faults`), for the messages; absent for the top level
 */
export function checkedOptionsObject(options: unknown, names: readonly string[], at?: string): void {
  if (!isRecord(options)) throw invalidArgument(at ?? "options", options, "is not an object");
  for (const [key, value] of Object.entries(options)) {
    if (!names.includes(key)) {
      const field = at === undefined ? key : `${at}.${key}`;
      throw new SimulationError(
        "invalid-argument",
        `${field}: is not an option (the options are ${names.join(", ")})`,
        { field, value },
      );
    }
  }
}
