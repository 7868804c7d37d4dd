import pkg from "../../package.json" with { type: "json" };

/** The package version stamped on every result. @public */
export const VERSION: string = (pkg as { version: string }).version;
