/**
 * A small seeded pseudo-random source (mulberry32), so a seed replays the same faults, delays and
 * outcomes; the one seeded generator of the workspace (the stress app's workers and the property
 * tests use it too). Not for secrets: tokens and ids use `node:crypto`.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with the given probability (0..1). */
  chance(probability: number): boolean {
    return probability > 0 && (probability >= 1 || this.next() < probability);
  }

  /** An integer uniformly in [0, below). */
  below(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** A float uniformly in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}
