import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createMonitor } from '../../../src/monitor/monitor';
import type { Monitor, MonitorOptions, Schedule } from '../../../src/monitor/types';

/** A temp directory removed when the test ends. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'agp-monitor-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Timers the test fires by hand. */
export class ManualScheduler {
  tasks: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  schedule: Schedule = (fn, ms) => {
    const task = { fn, ms, cancelled: false };
    this.tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };
  get pending(): number {
    return this.tasks.filter((t) => !t.cancelled).length;
  }
  runAll(): void {
    const due = this.tasks.filter((t) => !t.cancelled);
    this.tasks = [];
    for (const t of due) t.fn();
  }
}

export class FakeClock {
  constructor(public t = Date.UTC(2025, 5, 15, 12, 0, 0)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function openMonitor(t: TestContext, opts: Partial<MonitorOptions> & { dataDir?: string }): Monitor {
  const m = createMonitor({
    enabled: true,
    captureBodies: 'none',
    maxEntries: 1000,
    secrets: () => [],
    now: () => Date.now(),
    schedule: new ManualScheduler().schedule,
    ...opts,
  });
  t.after(() => m.close());
  return m;
}

/** Every file under `dir`, recursively, with its content. */
export async function readAllFiles(dir: string): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const name of await readdir(dir)) {
    const p = join(dir, name);
    if ((await stat(p)).isDirectory()) out.push(...(await readAllFiles(p)));
    else out.push({ path: p, text: await readFile(p, 'utf8') });
  }
  return out;
}
