// The design a cycle starts on (temporal/client.ts designToStart): a cycle's running workflow keeps its
// type whatever the config says now; a cycle recorded as waves stays waves; otherwise the configured one.
import { describe, expect, it } from '@jest/globals';
import type { CycleDesign } from '../../domain/cycle-design.ts';
import { designToStart } from '../../temporal/client.ts';

describe('the design a cycle starts on', () => {
  const table: [string, { configured: CycleDesign; stored: string; workflowType?: string }, CycleDesign][] = [
    ['configured per-unit, new cycle: per-unit (today\'s path)', { configured: 'per-unit', stored: 'per-unit' }, 'per-unit'],
    ['configured waves, new cycle: waves', { configured: 'waves', stored: 'per-unit' }, 'waves'],
    ['configured waves, a per-unit cycle already running: stays per-unit', { configured: 'waves', stored: 'per-unit', workflowType: 'cycleWorkflow' }, 'per-unit'],
    ['configured per-unit, a waves cycle already running: stays waves', { configured: 'per-unit', stored: 'waves', workflowType: 'waveCycleWorkflow' }, 'waves'],
    ['configured per-unit, recorded waves, no workflow yet (its start failed after the write): waves', { configured: 'per-unit', stored: 'waves' }, 'waves'],
    ['the running type wins over the record', { configured: 'waves', stored: 'waves', workflowType: 'cycleWorkflow' }, 'per-unit'],
  ];
  it.each(table)('%s', (_name, o, design) => {
    expect(designToStart(o)).toBe(design);
  });
});
