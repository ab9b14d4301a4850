/**
 * Fixed-window counters behind rate limits and sign-in throttling. The
 * embedded default keeps them in memory; with Redis configured every
 * instance shares them.
 */
export interface CounterStore {
  /** Counts one hit on a key in a window and says where the count stands. */
  hit(key: string, windowMs: number): Promise<WindowCount>
  /** The count so far, without adding a hit. */
  peek(key: string): Promise<WindowCount | null>
  reset(key: string): Promise<void>
}

export interface WindowCount {
  count: number
  /** Epoch milliseconds at which the window starts over. */
  resetAt: number
}

/** Counters in this process only: right for one instance, lost on restart. */
export function memoryCounterStore(now: () => number = Date.now): CounterStore {
  const windows = new Map<string, WindowCount>()

  function current(key: string): WindowCount | null {
    const window = windows.get(key)
    if (!window || window.resetAt <= now()) {
      windows.delete(key)
      return null
    }

    return window
  }

  return {
    async hit(key, windowMs) {
      const window = current(key) ?? { count: 0, resetAt: now() + windowMs }
      window.count++
      windows.set(key, window)
      sweep(windows, now())

      return { ...window }
    },
    async peek(key) {
      const window = current(key)

      return window ? { ...window } : null
    },
    async reset(key) {
      windows.delete(key)
    },
  }
}

const SWEEP_ABOVE = 10_000

/** Drops expired windows once the map grows, so it cannot grow forever. */
function sweep(windows: Map<string, WindowCount>, at: number): void {
  if (windows.size < SWEEP_ABOVE) return
  for (const [key, window] of windows) {
    if (window.resetAt <= at) windows.delete(key)
  }
}
