/**
 * The EventBridge Scheduler stand-in: runs each manifest schedule's function on its `rate(...)`
 * interval while the local stack runs, and on demand (`POST /dev/schedules/{name}/run`).
 */
import type { ScheduleSpec } from '#shared/manifest.ts';

/** A scheduled function as the local stack loads it. */
export type ScheduledHandler = (event: Record<string, unknown>) => Promise<unknown>;

/** Milliseconds of a `rate(N minutes|hours|days)` expression; undefined for cron expressions. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return undefined;
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}

/** Runs schedules by name; timers only when started. */
export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];
  private readonly lastRun = new Map<string, { at: string; result?: unknown; error?: string }>();

  constructor(
    private readonly schedules: Record<string, ScheduleSpec>,
    private readonly load: (name: string) => Promise<ScheduledHandler>,
  ) {}

  /** Starts the timers of every rate schedule (cron schedules run only on demand locally). */
  start(): void {
    for (const [name, spec] of Object.entries(this.schedules)) {
      const ms = rateMs(spec.expression);
      if (ms) this.timers.push(setInterval(() => void this.run(name).catch(() => undefined), ms));
    }
  }

  /** Runs one schedule now; returns what its function returned. */
  async run(name: string): Promise<unknown> {
    if (!this.schedules[name]) throw new Error(`no schedule ${name}`);
    const at = new Date().toISOString();
    try {
      const result = await (await this.load(name))({ source: 'palaute.local-scheduler', schedule: name, time: at });
      this.lastRun.set(name, { at, result });
      return result;
    } catch (e) {
      this.lastRun.set(name, { at, error: (e as Error).name });
      throw e;
    }
  }

  /** The schedules with their expressions and last run. */
  list(): { name: string; expression: string; timezone: string; description: string; lastRun?: unknown }[] {
    return Object.entries(this.schedules).map(([name, s]) => ({
      name,
      expression: s.expression,
      timezone: s.timezone,
      description: s.description,
      lastRun: this.lastRun.get(name),
    }));
  }

  /** Stops the timers. */
  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
