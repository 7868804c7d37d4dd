import fc from "fast-check";
import { expect, test } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { standardProjection } from "../../../src/model/cloud-schema.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { addUsers, ROOT, setup } from "./fixtures.js";

type Op =
  | { kind: "modify"; user: number; department: string }
  | { kind: "manager"; user: number; manager: number }
  | { kind: "delete"; user: number }
  | { kind: "member"; user: number }
  | { kind: "create" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("modify" as const),
    user: fc.nat(20),
    department: fc.constantFrom("IT", "HR", "Ops"),
  }),
  fc.record({ kind: fc.constant("manager" as const), user: fc.nat(20), manager: fc.nat(20) }),
  fc.record({ kind: fc.constant("delete" as const), user: fc.nat(20) }),
  fc.record({ kind: fc.constant("member" as const), user: fc.nat(20) }),
  fc.record({ kind: fc.constant("create" as const) }),
);

test("after the run drains, the cloud equals the standard projection of every in-scope object", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), op), { maxLength: 25 }), (script) => {
      const { world, engine, ou } = setup({
        users: 6,
        start: false,
        config: { scope: { ous: [`OU=Sync,${ROOT}`] } },
      });
      const dir = world.forest();
      const other = dir.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
      addUsers(world, other.dn, 2, "outside");
      const group = dir.create({ objectClass: "group", parentDn: ou.dn, name: "Team" });
      engine.start();
      let created = 0;
      for (const [minute, step] of [...script].sort((a, b) => a[0] - b[0])) {
        world.scheduler.run({ until: Math.max(world.scheduler.now, minute * MINUTE) });
        const live = dir.list("user");
        const pick = (i: number) => live[i % live.length];
        const user = "user" in step ? pick(step.user) : undefined;
        if (step.kind === "create") addUsers(world, ou.dn, 1, `new${++created}`);
        else if (!user) continue;
        else if (step.kind === "modify") dir.modify(user.objectGUID, { department: step.department });
        else if (step.kind === "manager") {
          const manager = pick(step.manager);
          if (manager && manager.objectGUID !== user.objectGUID)
            dir.modify(user.objectGUID, { manager: manager.objectGUID });
        } else if (step.kind === "delete") dir.delete(user.objectGUID);
        else if (step.kind === "member") dir.addMember(group.objectGUID, user.objectGUID);
      }
      world.scheduler.run({ until: world.scheduler.now + 10 * MINUTE });
      const anchorOf = (guid: string): string | undefined => {
        const target = dir.get(guid);
        return target && engine.inScope(target) ? sourceAnchorOf(target) : undefined;
      };
      for (const object of dir.objects()) {
        const cloud = world.tenant.getByAnchor(sourceAnchorOf(object));
        if (!engine.inScope(object)) {
          expect(cloud).toBeUndefined();
          continue;
        }
        expect(cloud?.attributes).toEqual(standardProjection(object, anchorOf));
      }
    }),
    { numRuns: 40, seed: 4 },
  );
});
