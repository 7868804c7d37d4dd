import type { CloudValue } from "../model/cloud-schema.js";
import type { ChangeCategory } from "./result.js";

/**
 * The observer's public record of a change: its fate, what the tenant must show for it to count as
 * visible, and what of its object it is about (which pending changes it supersedes). The observer makes
 * and updates these records; the script and the actions read them back for each scripted event.
 */

/** Fate of a tracked change. @public */
export type ChangeStatus = "pending" | "applied" | "superseded" | "lost" | "filtered" | "unsupported";

/** What the tenant must show for a change to count as visible. @public */
export type Expectation =
  | { readonly kind: "exists" }
  | { readonly kind: "gone" }
  | { readonly kind: "attribute"; readonly attribute: string; readonly value: CloudValue | undefined }
  | { readonly kind: "member"; readonly member: string; readonly present: boolean }
  | { readonly kind: "password"; readonly version: number };

/**
 * What of an object a change is about. Pending changes of the same thing — the same kind, object and
 * detail — supersede each other: `e` its existence (create, restore, delete, a move into or out of scope),
 * `a` one attribute (the detail: `expect.attribute`), `m` one membership (the detail: `other`, the member),
 * `p` its password, `mv` a move the cloud cannot show (never pending).
 *
 * @remarks A kind and a comparison rather than a key string per change: the key was built for every change
 * (~60 bytes, and a list for the concatenation) only to be compared with its peers'.
 * @public
 */
export type ChainKind = "e" | "a" | "m" | "p" | "mv";

/**
 * One change the harness made in AD, and what became of it.
 *
 * @public
 */
export interface TrackedChange {
  /** Sequence number. */
  readonly id: number;
  /** Latency category. */
  readonly category: ChangeCategory;
  /** Virtual time it was made. */
  readonly at: number;
  /** The AD object (the group, for membership changes). */
  readonly objectGUID: string;
  /** Its source anchor. */
  readonly anchor: string;
  /** What the tenant must show. */
  readonly expect: Expectation;
  /** Fate so far. */
  status: ChangeStatus;
  /** When it became visible. */
  visibleAt: number | null;
  /** What of the object it changes: with the object and its detail, the superseding key (see {@link ChainKind}). */
  readonly chain: ChainKind;
  /** Other object involved (the member of a membership change). */
  readonly other: string | undefined;
  /** Why a change still pending at the end cannot show, when the run knows (set by the observer's finish). */
  reason?: string;
}
