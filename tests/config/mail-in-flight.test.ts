// DONDOC_MAIL_IN_FLIGHT (config/config.ts): the mail gate's size per worker process, wired to the
// activities by app/wiring.ts activityDeps. Its default is the bound the fault tests assert.
import { describe, expect, it } from '@jest/globals';
import { MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { activityDeps, type Wiring } from '../../app/wiring.ts';
import { ConfigError, loadConfig } from '../../config/config.ts';

describe('DONDOC_MAIL_IN_FLIGHT', () => {
  it('defaults to MAILS_IN_FLIGHT, the size the fault tests bound repeats by', () => {
    expect(loadConfig({}).worker.mailsInFlight).toBe(MAILS_IN_FLIGHT);
  });

  it('takes a positive whole number up to 64', () => {
    expect(loadConfig({ DONDOC_MAIL_IN_FLIGHT: '16' }).worker.mailsInFlight).toBe(16);
    for (const bad of ['0', '-1', '2.5', '65', 'many']) expect(() => loadConfig({ DONDOC_MAIL_IN_FLIGHT: bad })).toThrow(ConfigError);
  });

  it("is the size of the gate the worker's activities share", async () => {
    const w = { config: loadConfig({ DONDOC_MAIL_IN_FLIGHT: '7' }) } as Wiring; // activityDeps only passes the rest on
    const gate = activityDeps(w).mailGate!;
    expect(gate.permits).toBe(7);
    let running = 0;
    let most = 0;
    const job = () => gate.run(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
    await Promise.all(Array.from({ length: 20 }, job));
    expect(most).toBe(7);
  });
});
