import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTable } from "../../src/report/table.js";
import type { ComparisonResult, EngineResult } from "../../src/scenario/result.js";
import { sampleResult } from "../fixtures/sample-result.js";

/** The sample comparison with each engine's tenant at the end as given. */
function withCloudEnd(connect: Partial<EngineResult>, cloudSync: Partial<EngineResult>): ComparisonResult {
  const base = sampleResult();
  return {
    ...base,
    engines: {
      connect: { ...(base.engines.connect as EngineResult), ...connect },
      cloudSync: { ...(base.engines.cloudSync as EngineResult), ...cloudSync },
    },
  };
}

const users = (user: number) => ({ cloud: { user, group: 0, contact: 0, device: 0 } });

describe("what the cloud held at the end", () => {
  const merger = withCloudEnd(
    { ...users(5_033), duplicateAttributes: { userPrincipalName: 0, proxyAddresses: 0 } },
    { ...users(6_033), duplicateAttributes: { userPrincipalName: 2, proxyAddresses: 1_000 } },
  );

  it("is shown when the engines end with different users or a tenant set values aside", () => {
    const table = renderTable(merger);
    expect(table).toMatch(/^cloud users at end\s+5,033\s+6,033$/m);
    expect(table).toMatch(/^values set aside\s+0\s+1,002$/m);
    expect(renderMarkdown(merger)).toContain(
      "- Cloud Sync in the cloud at the end: 6,033 users · 1,000 proxy addresses set aside · 2 UPNs replaced",
    );
    expect(renderHtml(merger)).toContain("In the cloud at the end");
  });

  it("is left out when both engines end alike with nothing set aside", () => {
    const alike = withCloudEnd(users(5_000), users(5_000));
    expect(renderTable(alike)).not.toMatch(/cloud users at end|values set aside/);
    expect(renderMarkdown(alike)).not.toContain("in the cloud at the end");
    expect(renderHtml(alike)).not.toContain("In the cloud at the end");
    // Different users, nothing set aside: the users row alone.
    const joined = withCloudEnd(users(5_000), users(6_000));
    expect(renderTable(joined)).toMatch(/^cloud users at end\s+5,000\s+6,000$/m);
    expect(renderTable(joined)).not.toMatch(/values set aside/);
  });
});
