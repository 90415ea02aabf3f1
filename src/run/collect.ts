/**
 * Groups samples by case as they arrive and hands over each case once all its samples are in,
 * so scoring runs case by case and nothing grows with the size of the suite.
 */
import type { Role } from '../gateway/types.ts';
import type { PromptCase } from '../suite/types.ts';
import type { Sample } from './sample.ts';
import { repeatOf } from './scheduler.ts';

export interface CompletedCase {
  case: PromptCase;
  samples: Record<Role, Sample[]>;
}

export class CaseCollector {
  readonly #expected = new Map<string, number>();
  readonly #cases = new Map<string, PromptCase>();
  readonly #pending = new Map<string, Sample[]>();

  constructor(cases: readonly PromptCase[], arms: readonly Role[], repeat: number | undefined) {
    for (const c of cases) {
      this.#cases.set(c.id, c);
      this.#expected.set(c.id, repeatOf(c, repeat) * c.streamModes.length * arms.length);
    }
  }

  /** Adds a sample; returns the case when it is complete. */
  add(s: Sample): CompletedCase | null {
    const list = this.#pending.get(s.caseId) ?? [];
    list.push(s);
    const c = this.#cases.get(s.caseId);
    if (c === undefined) return null;
    if (list.length < (this.#expected.get(s.caseId) ?? Infinity)) {
      this.#pending.set(s.caseId, list);
      return null;
    }
    this.#pending.delete(s.caseId);
    // Handed over once: the collector lets go of the case (the caller may have too).
    this.#cases.delete(s.caseId);
    // Stable order regardless of completion order: repeat, then transport.
    list.sort((a, b) => a.repeat - b.repeat || Number(a.stream) - Number(b.stream));
    return {
      case: c,
      samples: { baseline: list.filter((x) => x.role === 'baseline'), candidate: list.filter((x) => x.role === 'candidate') },
    };
  }

  /** Cases that did not complete (interrupted run). */
  incomplete(): string[] {
    return [...this.#pending.keys()];
  }
}
