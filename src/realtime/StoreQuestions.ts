import type { Filter, Store } from '../store/Store';

/**
 * "Does the object `id` match this filter now?" for the conditions the in-memory matcher
 * cannot decide (see `evaluateFilter`). Identical questions about one event are asked once,
 * however many subscribers share the condition: one store call per event per distinct
 * condition, never one per subscriber.
 */
export class StoreQuestions {
  private readonly asked = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: Store,
    private readonly collection: string,
  ) {}

  matches(id: string, filter: Filter): Promise<boolean> {
    const key = `${id}\u0000${JSON.stringify(filter)}`;
    let answer = this.asked.get(key);
    if (!answer) {
      answer = this.store.count(this.collection, { $and: [{ _id: { $eq: id } }, filter] }).then((n) => n > 0);
      this.asked.set(key, answer);
    }
    return answer;
  }

  /** How many distinct questions went to the store. */
  get size(): number {
    return this.asked.size;
  }
}
