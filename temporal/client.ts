// The one boundary between dondoc and the Temporal service on the client side: connecting, starting
// cycles under their deterministic IDs, and delivering messages. The web app, the CLI and the tests go
// through here; nothing else calls `client.workflow` directly.
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { StoredCycle } from '../db/plans.ts';
import { submissionReceived, type SubmissionReceived } from '../workflows/messages.ts';
import type { CycleTimeline } from '../domain/timeline.ts';
import type { CycleWorkflow, ObligationInput, ObligationWorkflow, WaveCycleWorkflow } from '../workflows/contract.ts';
import type { CycleDesign } from '../domain/cycle-design.ts';
import type { PrismaClient } from '../db/client.ts';
import { cycleInput, obligationInput, waveCycleInput } from './inputs.ts';
import { ensureSearchAttributes, startSearchAttributes } from './search-attributes.ts';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
}

export interface Dondoc {
  client: Client;
  taskQueue: string;
  /**
   * The design new cycles start on (config DONDOC_CYCLE_DESIGN, domain/cycle-design.ts) and the database
   * that records each cycle's (Cycle.design); the configured default is 'waves'. Absent (a bare client,
   * as the tests of the per-unit workflows use): every cycle starts per-unit, as before issue 15.
   */
  cycles?: { design: CycleDesign; prisma: Pick<PrismaClient, 'cycle'> };
}

/** The client given the configured design of new cycles (app/wiring.ts and the CLI's own connections). */
export function withCycleDesign(d: Dondoc, design: CycleDesign, prisma: Pick<PrismaClient, 'cycle'>): Dondoc {
  return { ...d, cycles: { design, prisma } };
}

/**
 * The design a cycle starts on: the one of its workflow if it has one (a running cycle keeps its type
 * and histories whatever the config says now), else the one the database recorded when it first
 * started, else the configured one.
 */
export function designToStart(o: { configured: CycleDesign; stored: string; workflowType?: string }): CycleDesign {
  if (o.workflowType === 'waveCycleWorkflow') return 'waves';
  if (o.workflowType === 'cycleWorkflow') return 'per-unit';
  return o.stored === 'waves' ? 'waves' : o.configured;
}

export async function connectTemporal(s: TemporalSettings): Promise<Dondoc> {
  const connection = await Connection.connect({ address: s.address, connectTimeout: '5 seconds' });
  return { client: new Client({ connection, namespace: s.namespace }), taskQueue: s.taskQueue };
}

/**
 * A client that connects at its first call, and again after the server comes back: the web process
 * starts and serves its pages while Temporal is down (a report is stored, and delivered later), and
 * says so on /readyz.
 */
export function connectTemporalLazily(s: TemporalSettings): Dondoc {
  const connection = Connection.lazy({ address: s.address, connectTimeout: '5 seconds' });
  return { client: new Client({ connection, namespace: s.namespace }), taskQueue: s.taskQueue };
}

/** Answers within `ms` whether the Temporal server is serving (its gRPC health check); throws otherwise. */
export async function checkTemporal(d: Dondoc, ms = 3_000): Promise<void> {
  const connection = d.client.connection as Connection;
  await connection.withDeadline(Date.now() + ms, () => connection.healthService.check({}));
}

/** Once at start-up of a process that starts workflows: the search attributes they carry exist. */
export async function prepareNamespace(d: Dondoc): Promise<void> {
  await ensureSearchAttributes(d.client.connection as Connection, d.client.options.namespace);
}

/**
 * Starts a cycle's workflow; starting one that already runs is a no-op (same business ID). Under the
 * waves design (d.cycles, designToStart) the cycle is recorded as such (Cycle.design) before its
 * waveCycleWorkflow starts under the same ID; otherwise today's cycleWorkflow.
 */
export async function startCycle(d: Dondoc, c: Pick<StoredCycle, 'cycleId' | 'timeline'>) {
  if (d.cycles && (await cycleDesignOf(d, d.cycles, c.cycleId)) === 'waves') {
    await d.cycles.prisma.cycle.updateMany({ where: { id: c.cycleId, design: { not: 'waves' } }, data: { design: 'waves' } });
    // Both types return a CycleResult: callers await the cycle's result alike.
    return d.client.workflow.start<WaveCycleWorkflow>('waveCycleWorkflow', {
      workflowId: c.cycleId,
      taskQueue: d.taskQueue,
      args: [waveCycleInput(c.cycleId, c.timeline)],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: startSearchAttributes(c.cycleId),
    });
  }
  return d.client.workflow.start<CycleWorkflow>('cycleWorkflow', {
    workflowId: c.cycleId,
    taskQueue: d.taskQueue,
    args: [cycleInput(c.cycleId, c.timeline)],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: startSearchAttributes(c.cycleId),
  });
}

async function cycleDesignOf(d: Dondoc, cycles: NonNullable<Dondoc['cycles']>, cycleId: string): Promise<CycleDesign> {
  const stored = (await cycles.prisma.cycle.findUnique({ where: { id: cycleId }, select: { design: true } }))?.design ?? 'per-unit';
  // Configured per-unit and recorded per-unit: today's path, no question to the server.
  if (cycles.design === 'per-unit' && stored !== 'waves') return 'per-unit';
  let workflowType: string | undefined;
  try {
    workflowType = (await d.client.workflow.getHandle(cycleId).describe()).type;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return designToStart({ configured: cycles.design, stored, workflowType });
}

/** Starts one unit's obligation workflow (the fan-out calls this); a no-op when it already runs. */
/** How every obligation workflow is started: its fixed ID, its input, its search attributes; a running one is kept. */
function obligationStart(d: Dondoc, input: ObligationInput) {
  return {
    workflowId: input.obligationId,
    taskQueue: d.taskQueue,
    args: [input] as Parameters<ObligationWorkflow>,
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    typedSearchAttributes: startSearchAttributes(input.obligationId),
  };
}

export async function startObligation(d: Dondoc, obligationId: string, timeline: CycleTimeline) {
  return d.client.workflow.start<ObligationWorkflow>('obligationWorkflow', obligationStart(d, obligationInput(obligationId, timeline)));
}

/**
 * For a unit added to a cycle that already runs (a plan loaded again): starts its obligation workflow as
 * the fan-out does (same ID, input and search attributes; USE_EXISTING, so a running one is left as it
 * is), but never a second run of one that has ended (a unit that reported and was accepted): that one is
 * refused by the server, and answered `false`.
 */
export async function startObligationIfNew(d: Dondoc, input: ObligationInput): Promise<boolean> {
  try {
    await d.client.workflow.start<ObligationWorkflow>('obligationWorkflow', { ...obligationStart(d, input), workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

export type DeliveryResult = 'delivered' | 'workflow-gone';

/** Tells an obligation's workflow that a submission was stored. Throws when Temporal is unreachable. */
export async function deliverSubmission(d: Dondoc, obligationId: string, s: SubmissionReceived): Promise<DeliveryResult> {
  try {
    await d.client.workflow.getHandle(obligationId).signal(submissionReceived, s);
    return 'delivered';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'workflow-gone';
    throw err;
  }
}
