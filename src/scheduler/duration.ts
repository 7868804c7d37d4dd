import { invalidArgument, SimulationError, show } from "./errors.js";

/** One virtual second in milliseconds. @public */
export const SECOND = 1_000;
/** One virtual minute in milliseconds. @public */
export const MINUTE = 60 * SECOND;
/** One virtual hour in milliseconds. @public */
export const HOUR = 60 * MINUTE;
/** One virtual day in milliseconds. @public */
export const DAY = 24 * HOUR;

/**
 * A duration as a scenario writes it: milliseconds as a number, or a string such as `"30m"`, `"2h"`,
 * `"1h30m"`, `"90s"`, `"1d"`, `"250ms"`.
 *
 * @public
 */
export type DurationInput = number | string;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * Turns a {@link DurationInput} into whole milliseconds of virtual time.
 *
 * @param input - a non-negative number of milliseconds or a string of unit parts (`d`, `h`, `m`, `s`, `ms`)
 * @param field - the field the value came from, named in the error message
 * @throws SimulationError `invalid-duration` naming the field and the value
 * @public
 */
export function parseDuration(input: DurationInput, field = "duration"): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) {
      throw new SimulationError("invalid-duration", `${field}: ${show(input)} is not a duration`, {
        field,
        value: input,
      });
    }
    return Math.round(input);
  }
  if (typeof input !== "string") {
    throw new SimulationError("invalid-duration", `${field}: ${show(input)} is not a duration`, {
      field,
      value: input,
    });
  }
  const text = input.trim();
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  PART.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    if (!match) break;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    position = PART.lastIndex;
  }
  if (text.length === 0 || position !== text.length) {
    throw new SimulationError("invalid-duration", `${field}: ${show(input)} is not a duration`, {
      field,
      value: input,
    });
  }
  return Math.round(total);
}

/**
 * A duration setting of a config: {@link parseDuration}, refused as `invalid-argument` (`<field>: <value> is
 * not a duration`), as config validators report every setting. @internal
 */
export function durationArgument(value: DurationInput, field: string): number {
  try {
    return parseDuration(value, field);
  } catch {
    throw invalidArgument(field, value, "is not a duration");
  }
}

/**
 * Renders milliseconds as a short readable duration (`"1h30m"`, `"2m5s"`, `"250ms"`, `"0s"`).
 *
 * @public
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", SECOND],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return sign + parts.join("");
}

/**
 * Renders a virtual instant as `d+hh:mm:ss` (or `hh:mm:ss` on day 0), for traces and tables.
 *
 * @public
 */
export function formatInstant(ms: number): string {
  const day = Math.floor(ms / DAY);
  const inDay = ms - day * DAY;
  const h = Math.floor(inDay / HOUR);
  const m = Math.floor((inDay % HOUR) / MINUTE);
  const s = Math.floor((inDay % MINUTE) / SECOND);
  const clock = [h, m, s].map((n) => String(n).padStart(2, "0")).join(":");
  return day > 0 ? `${day}+${clock}` : clock;
}
