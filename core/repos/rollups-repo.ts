import type { Fact } from '../domain/log-facts';

/**
 * Per-place counts of live session logs, kept equal to a recount of the logs
 * by every log write (storage/ does that), so a report reads villages ×
 * periods instead of every log.
 */
export interface RollupsRepo {
  /**
   * Month facts of the places under `scopeId` for months `from`..`to`
   * (inclusive, `YYYY-MM`). Cancelled logs count nowhere. Ordered as a report
   * relies on: keyed facts by (place, month, form, groups), then the logs with
   * a split by group, one fact each, by log id.
   */
  monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]>;
  /** Day facts of the places under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`), in the same order. */
  dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]>;
  /**
   * What a start runs instead of recounting every log: recounts the
   * place-months a crash (or a failed write) left marked. Counts of an older
   * shape (an upgrade) are rebuilt once (`rebuilt` is then their number).
   */
  repair(): Promise<{ recounted: number; rebuilt: number | null }>;
  /** Recounts everything from the logs (data restored behind Loa's back); the number of place-months written. */
  rebuild(): Promise<number>;
}
