// What `npm run bench` measures for one size and mail gate, and what each design's rows are given.
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../db/client.ts';
import type { StoredCycle } from '../../db/plans.ts';
import type { MailCatcher } from '../../mail/catcher.ts';
import type { Dondoc } from '../../temporal/client.ts';
import type { Lateness } from './lateness.ts';
import type { Stages } from './per-unit.ts';
import type { RssSampler } from './processes.ts';
import type { OverdueRow, WaveTiming } from './waves.ts';

export interface SizeResult {
  n: number;
  /** The worker's mail gate (DONDOC_MAIL_IN_FLIGHT). */
  gate: number;
  loadMs?: number; // savePlan of N units and two cycles (2N obligations)
  baselineMs?: number; // (a)
  openMs?: number; // (b) per-unit: startCycle → fan-out ActivityTaskCompleted; waves: → ready for its first wave
  /** (b) on the waves design: ms after startCycle returned / the cycle's timer to its first wave started. */
  openWaves?: { startReturnedMs: number; timerStartedMs: number };
  /** (c) on the waves design: the reminder wave's runWave activity, ms after T. */
  reminderWave?: WaveTiming;
  /** (e) the overdue row (waves design). */
  overdue?: OverdueRow;
  overdueSkipped?: string;
  openDetail?: { workflowTaskToScheduledMs: number; activityRunMs: number; started: number; attempts: number; visibilityCount: number; lastObligationFirstTaskMs: number };
  lateness?: Lateness;
  /** Where the lateness goes, for a few obligations spread over the cycle: ms after T of each step. */
  latenessStages?: Stages[];
  latenessSkipped?: string;
  workerPeakRss?: { ready: number; readyHwm: number; open: number; remind: number; overdue?: number; hwm: number };
  serverRss?: number;
  workerErrors?: number;
  /** CPU used during a phase, as a share of one core (200% = both cores), per process. */
  cpu?: Record<string, { wallS: number; worker: number; server: number; bench: number }>;
  skipped?: string;
}

export interface CpuMark {
  at: number;
  worker: number;
  server: number;
  bench: number;
}

/** What the rows (b), (c) and (e) of one design are given: the size's stack, its two stored cycles, the meters. */
export interface RowsCtx {
  client: Client;
  catcher: MailCatcher;
  prisma: PrismaClient;
  dondoc: Dondoc;
  queue: string;
  openStored: StoredCycle;
  remindStored: StoredCycle;
  sampler: RssSampler;
  cpuMark: () => CpuMark;
  cpuPhase: (label: string, from: CpuMark) => void;
}
