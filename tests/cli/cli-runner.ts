// Runs the real `dondoc` command as a child process, the way a person would, and captures its output.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function dondoc(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/dondoc.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A scratch directory for plan files and outputs. */
export function scratch(): { dir: string; write: (name: string, text: string) => string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dondoc-cli-'));
  return {
    dir,
    write: (name, text) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}

/** A stack trace line ("    at fn (file.ts:12:3)") or the CLI's catch-all message means an unhandled error. */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|Lỗi không mong đợi/m;
