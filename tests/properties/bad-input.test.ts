import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateExpression, parseExpression } from "../../src/engines/expression/index.js";
import { applyOverrides } from "../../src/scenario/overrides.js";
import { compareEngines } from "../../src/scenario/run.js";
import { ScenarioError, validateScenario } from "../../src/scenario/validate.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { checkProperty, scenarioArbitrary } from "../../src/testing/index.js";
import { TIMEOUT } from "./helpers.js";

/**
 * Property 8 — bad input. The scenario parser on arbitrary JSON and on valid scenarios with one value
 * replaced; both expression dialects on arbitrary strings and on valid expressions with a splice of
 * characters. Every input gives a valid scenario (which then runs, when small) / a value, or a typed
 * SimulationError naming a path or position — never another exception, never a hang (each case is timed).
 */
const FILE = "tests/properties/bad-input.test.ts";
// Wall-clock budget per case: a generous bound that still catches a hang or a catastrophic regex.
const CASE_BUDGET_MS = 2_000;

function timed<T>(work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    expect(performance.now() - start, "case took too long").toBeLessThan(CASE_BUDGET_MS);
  }
}

function expectScenarioOutcome(input: unknown): void {
  timed(() => {
    let scenario: ReturnType<typeof validateScenario>;
    try {
      scenario = validateScenario(input);
    } catch (error) {
      expect(error, "a ScenarioError").toBeInstanceOf(ScenarioError);
      const problems = (error as ScenarioError).problems;
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems)
        expect(typeof p.path === "string" && p.message.length > 0, `problem ${JSON.stringify(p)}`).toBe(true);
      return;
    }
    // Accepted: it must run (kept small so a mutation cannot ask for millions of objects or years).
    const d = scenario.directory;
    if (
      d.users + d.groups + d.contacts + d.devices <= 50 &&
      scenario.duration + scenario.drain <= 3 * 86_400_000
    ) {
      const w = scenario.workload;
      const rate =
        w.attributeChangesPerHour +
        w.passwordChangesPerHour +
        w.createsPerHour +
        w.deletesPerHour +
        w.movesPerHour +
        w.membershipChangesPerHour;
      if (rate <= 200) compareEngines(scenario);
    }
  });
}

/** A valid scenario with the value at one path replaced by arbitrary JSON (or the key removed). */
const mutated = fc
  .tuple(
    scenarioArbitrary({ faults: { maxEvents: 3 } }),
    fc.nat(),
    fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string(), fc.integer({ min: -5, max: 1e9 })),
  )
  .map(([scenario, pick, value]) => {
    const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
    const paths: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      for (const [key, child] of Object.entries(node)) {
        paths.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
        walk(child);
      }
    };
    walk(copy);
    const [parent, key] = paths[pick % paths.length] as [Record<string | number, unknown>, string | number];
    if (value === undefined) delete parent[key];
    else parent[key] = value;
    return copy;
  });

const VALID_EXPRESSIONS: Record<"connect" | "cloudSync", readonly string[]> = {
  connect: [
    'Trim([givenName]) & " " & [sn]',
    'IIF(IsPresent([mail]), LCase([mail]), "none")',
    "Left([displayName], 3)",
    'Replace([department], "IT", "Tech")',
  ],
  cloudSync: [
    'Join(" ", [givenName], [surname])',
    "ToLower([mail])",
    'Switch([department], "Other", "IT", "Tech")',
    'Append([mailNickname], "@contoso.com")',
  ],
};

function expectExpressionOutcome(text: string, dialect: "connect" | "cloudSync"): void {
  timed(() => {
    try {
      const expression = parseExpression(text, { dialect });
      evaluateExpression(expression, {
        attribute: (name) => (name === "proxyAddresses" ? ["SMTP:a@b.c"] : `${name}-value`),
        parameter: () => "p",
      });
    } catch (error) {
      expect(isSimulationError(error), `typed error for ${JSON.stringify(text)}: ${String(error)}`).toBe(
        true,
      );
      if (!isSimulationError(error)) return;
      const d = error.details;
      expect(
        d.position !== undefined || (d.field !== undefined && d.field.length > 0),
        `path or position in ${error.message}`,
      ).toBe(true);
    }
  });
}

describe("property: bad input", () => {
  it("validateScenario on arbitrary JSON", () => {
    checkProperty(fc.property(fc.jsonValue(), expectScenarioOutcome), { numRuns: 300, file: FILE });
  });
  it("validateScenario on arbitrary scenario-shaped objects", () => {
    const shaped = fc.record(
      {
        name: fc.oneof(fc.string(), fc.integer()),
        seed: fc.jsonValue(),
        duration: fc.oneof(fc.string(), fc.integer()),
        directory: fc.jsonValue(),
        events: fc.array(
          fc.dictionary(
            fc.constantFrom("type", "at", "object", "target", "fault", "engine", "action", "member", "ou"),
            fc.oneof(
              fc.string(),
              fc.constantFrom("create", "fault", "admin", "delete", "1h", "user-1", "tenant", "connect"),
            ),
          ),
        ),
      },
      { requiredKeys: [] },
    );
    checkProperty(fc.property(shaped, expectScenarioOutcome), { numRuns: 300, file: FILE });
  });
  it("--set assignments: a variant that validates or a ScenarioError, or an invalid-argument; the input and Object.prototype untouched", () => {
    const segment = fc.oneof(
      fc.constantFrom(
        "seed",
        "directory",
        "users",
        "engines",
        "connect",
        "events",
        "at",
        "__proto__",
        "constructor",
      ),
      fc.string({ maxLength: 6 }),
      fc.nat(3).map((n) => `[${n}]`),
    );
    const assignment = fc
      .tuple(
        fc.array(segment, { maxLength: 4 }),
        fc.constantFrom(".", ""),
        fc.constantFrom("=", ":", ""),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
      )
      .map(([parts, joiner, equals, value]) => `${parts.join(joiner || ".")}${equals}${value}`);
    const base = {
      name: "x",
      directory: { users: 3 },
      events: [{ type: "password", at: "1h", object: "user-1" }],
    };
    checkProperty(
      fc.property(fc.array(fc.oneof(assignment, fc.string()), { maxLength: 4 }), (assignments) => {
        const before = JSON.stringify(base);
        timed(() => {
          let variant: unknown;
          try {
            variant = applyOverrides(base as never, assignments);
          } catch (error) {
            expect(isSimulationError(error, "invalid-argument"), String(error)).toBe(true);
            expect((error as Error).message).toMatch(/^--set ".*": /s);
            return;
          }
          expectScenarioOutcome(variant);
        });
        expect(JSON.stringify(base)).toBe(before);
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300, file: FILE },
    );
  });
  it(
    "validateScenario on mutated valid scenarios (and runs the valid ones)",
    () => {
      checkProperty(fc.property(mutated, expectScenarioOutcome), {
        numRuns: 60,
        deepRuns: 1_000,
        file: FILE,
      });
    },
    TIMEOUT,
  );
  for (const dialect of ["connect", "cloudSync"] as const) {
    it(`${dialect} expressions: arbitrary strings`, () => {
      checkProperty(
        fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) =>
          expectExpressionOutcome(text, dialect),
        ),
        { numRuns: 500, file: FILE },
      );
    });
    it(`${dialect} expressions: mutated valid expressions`, () => {
      const spliced = fc
        .tuple(
          fc.constantFrom(...VALID_EXPRESSIONS[dialect]),
          fc.nat(),
          fc.nat({ max: 6 }),
          fc.string({
            maxLength: 6,
            unit: fc.constantFrom("(", ")", "[", "]", '"', ",", "&", " ", "%", "\\", "a", "1"),
          }),
        )
        .map(([text, at, cut, insert]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + insert + text.slice(i + cut);
        });
      checkProperty(
        fc.property(spliced, (text) => expectExpressionOutcome(text, dialect)),
        { numRuns: 500, file: FILE },
      );
    });
  }
});
