// The `dondoc` command's own usage, as a person types it (child processes): the general help, and an
// unknown command, which is a usage error (exit 2, "unknown command") whether or not --help follows it.
import { describe, expect, it, jest } from '@jest/globals';
import { STACK_TRACE, dondoc } from './cli-runner.ts';

// Each case starts a Node process with tsx: a few seconds on a busy machine.
jest.setTimeout(60_000);

describe('dondoc usage', () => {
  it('--help prints the general help and exits 0', async () => {
    const r = await dondoc('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cách dùng \/ usage:/);
    expect(r.stdout).toMatch(/dondoc plan check FILE/);
  });

  it('no command prints the general help and exits 2', async () => {
    const r = await dondoc();
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Cách dùng \/ usage:/);
  });

  for (const args of [['nosuchcommand'], ['nosuchcommand', '--help'], ['--help', 'nosuchcommand'], ['nosuchcommand', '-h'], ['plan', 'nosuch', '--help']]) {
    it(`"dondoc ${args.join(' ')}" is an unknown command: exit 2`, async () => {
      const r = await dondoc(...args);
      // on failure, look at: `${r.code}\n${r.stdout}\n${r.stderr}`
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/lệnh không hợp lệ \/ unknown command: /);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      // the help goes with the error (on stderr), not to stdout as if the command had worked
      expect(r.stdout).toBe('');
    });
  }

  it('a known command with --help still gets its help', async () => {
    const r = await dondoc('plan', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dondoc plan load FILE/);
  });
});
