import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progress, sweepProgress } from "../../src/cli/progress.js";
import { HOUR } from "../../src/scheduler/duration.js";

/** A terminal-like stream that keeps what was written, escape sequences removed. */
function terminal(): { stream: NodeJS.WritableStream; text: () => string } {
  let written = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  Object.assign(stream, {
    isTTY: true,
    columns: 120,
    cursorTo() {},
    moveCursor() {},
    clearLine() {},
    clearScreenDown() {},
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes
  return { stream, text: () => written.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "") };
}

describe("CLI progress bars", () => {
  it("draw during a synchronous run, in the table's order, once a second of wall time has passed", () => {
    let wall = 0;
    const tty = terminal();
    const bars = progress({
      enabled: true,
      kinds: ["connect", "cloudSync"],
      stream: tty.stream,
      clock: () => wall,
    });
    bars.update("cloudSync", 1 * HOUR, 10 * HOUR);
    expect(tty.text()).toBe(""); // under a second: nothing
    wall = 1_500;
    bars.update("cloudSync", 2 * HOUR, 10 * HOUR);
    const first = tty.text();
    expect(first).toContain("Cloud Sync");
    expect(first).toContain("2/10 h virtual");
    // Connect's bar stands first although Cloud Sync runs first.
    expect(first.indexOf("Connect Sync")).toBeLessThan(first.indexOf("Cloud Sync"));
    expect(first).toContain("(waiting)");
    wall = 1_550; // within 100 ms: no redraw
    bars.update("cloudSync", 3 * HOUR, 10 * HOUR);
    expect(tty.text()).toBe(first);
    wall = 1_700;
    bars.update("connect", 4 * HOUR, 10 * HOUR, "warm-up");
    expect(tty.text()).toContain("(warming up: 4 h)");
    bars.stop();
  });

  it("shows nothing when disabled (not a terminal, or --quiet)", () => {
    const tty = terminal();
    const bars = progress({ enabled: false, kinds: ["connect"], stream: tty.stream, clock: () => 5_000 });
    bars.update("connect", HOUR, 2 * HOUR);
    bars.stop();
    expect(tty.text()).toBe("");
  });

  it("a sweep's bar counts engine runs, shows after a second, and nothing when disabled", () => {
    let wall = 0;
    const tty = terminal();
    const bar = sweepProgress({ enabled: true, stream: tty.stream, clock: () => wall });
    bar.update(1, 8);
    expect(tty.text()).toBe("");
    wall = 1_200;
    bar.update(3, 8);
    expect(tty.text()).toContain("sweep |");
    expect(tty.text()).toContain("3/8 engine runs");
    bar.stop();
    const quiet = terminal();
    const off = sweepProgress({ enabled: false, stream: quiet.stream, clock: () => 5_000 });
    off.update(1, 2);
    off.stop();
    expect(quiet.text()).toBe("");
  });
});
