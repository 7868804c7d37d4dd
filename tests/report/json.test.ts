import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/report/json.js";
import { sampleResult } from "../fixtures/sample-result.js";

describe("renderJson", () => {
  it("writes 2-space JSON with a trailing newline that parses back to the result", () => {
    const result = sampleResult();
    const text = renderJson(result);
    expect(text.endsWith("}\n")).toBe(true);
    expect(
      text.startsWith(
        '{\n  "scenario": "Office day with failovers",\n  "seed": 42,\n  "version": "0.1.0",\n  "engines": {',
      ),
    ).toBe(true);
    expect(JSON.parse(text)).toEqual(result);
    expect(renderJson(sampleResult())).toBe(text);
  });

  it("drops undefined, writes -0 as 0 and non-finite numbers as null", () => {
    expect(renderJson({ a: undefined, b: -0, c: Number.NaN, d: [Number.POSITIVE_INFINITY] })).toBe(
      '{\n  "b": 0,\n  "c": null,\n  "d": [\n    null\n  ]\n}\n',
    );
    expect(renderJson(undefined)).toBe("null\n");
  });

  it("sorts keys recursively on request, and the order of construction then does not matter", () => {
    expect(renderJson({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } }, { sortKeys: true })).toBe(
      '{\n  "a": {\n    "c": [\n      {\n        "e": 2,\n        "f": 1\n      }\n    ],\n    "d": 1\n  },\n  "b": 1\n}\n',
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (dict) => {
        const reversed = Object.fromEntries(Object.entries(dict).reverse());
        expect(renderJson(reversed, { sortKeys: true })).toBe(renderJson(dict, { sortKeys: true }));
        expect(JSON.parse(renderJson(dict))).toEqual(JSON.parse(JSON.stringify(dict)));
      }),
    );
  });
});
