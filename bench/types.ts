/** One benchmark figure: printed as `name value unit` and in a table. */
export interface BenchLine {
  /** Stable machine-readable name, e.g. `kernel.events_per_sec`. */
  readonly name: string;
  /** The measured value. */
  readonly value: number;
  /** Unit (`ops/s`, `ms`, `MB`, `ratio`). */
  readonly unit: string;
  /** The target the issue sets, as text (e.g. `>= 0.5`), if any. */
  readonly target?: string;
}
