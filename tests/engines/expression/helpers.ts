import { expect } from "vitest";
import {
  type ExpressionDialect,
  type ExpressionValue,
  evaluateExpression,
  parseExpression,
} from "../../../src/engines/expression/index.js";
import { isSimulationError, type SimulationError } from "../../../src/scheduler/errors.js";

/** Attributes used by most tests. */
export const PERSON: Record<string, unknown> = {
  givenName: "ann",
  sn: "LEE",
  displayName: "Ann Lee",
  empty: "",
  proxyAddresses: ["smtp:ann@fabrikam.com", "SMTP:Ann.Lee@contoso.com", "smtp:ann@fabrikam.com"],
  objectGUID: "4a7d1ed4-14fa-4d2f-8f36-1dd5c5b7e0a1",
  userAccountControl: 514,
  employeeNumber: "00042",
  dn: "CN=Lee\\, Ann,OU=Sales,DC=contoso,DC=com",
  isManager: true,
  noValues: [],
};

/** Evaluates `text` in `dialect` against `attributes`. */
export function run(
  dialect: ExpressionDialect,
  text: string,
  attributes: Record<string, unknown> = PERSON,
  parameters: Record<string, unknown> = { "Domain.FQDN": "contoso.com", "Domain.Netbios": "CONTOSO" },
): ExpressionValue {
  const expression = parseExpression(text, { dialect, source: "test" });
  return evaluateExpression(expression, {
    attribute: (name) => attributes[name],
    parameter: (name) => parameters[name],
  });
}

/** Connect evaluation. */
export const connect = (text: string, attributes?: Record<string, unknown>) =>
  run("connect", text, attributes);
/** Cloud Sync evaluation. */
export const cloud = (text: string, attributes?: Record<string, unknown>) =>
  run("cloudSync", text, attributes);

/** The SimulationError `action` throws (fails the test if it throws nothing or something else). */
export function errorOf(action: () => unknown): SimulationError {
  try {
    action();
  } catch (error) {
    if (isSimulationError(error)) return error;
    throw error;
  }
  expect.fail("expected a SimulationError");
}
