// The worker's logs as JSON lines through pino, in the web app's format (config/logging.ts): the
// Temporal SDK's Runtime logger (its own messages, and the Workflow and Activity `log` calls) writes
// through a pino logger, and the native Core's messages are forwarded to it rather than printed as
// plain text. Must run before the first NativeConnection or Worker: Core is created once a process.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel as SdkLevel } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/logging.ts';

const PINO_METHOD: Record<SdkLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK has no fatal and no silent: both keep its errors only, and pino drops what it must. */
function sdkLevelOf(level: LogLevel): SdkLevel {
  const levels: Record<LogLevel, SdkLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
  return levels[level];
}

/** One SDK entry as one pino line: the message as msg, the SDK's metadata (workflowId, taskQueue...) as fields. */
function writeEntry(log: Logger, entry: LogEntry): void {
  log[PINO_METHOD[entry.level]]({ ...entry.meta }, entry.message);
}

export function installWorkerLogging(log: Logger, level: LogLevel): void {
  const sdkLevel = sdkLevelOf(level);
  // Core's own messages from WARN up (the SDK's default), unless debug, trace or errors only is asked for.
  const coreLevel: SdkLevel = sdkLevel === 'TRACE' || sdkLevel === 'DEBUG' || sdkLevel === 'ERROR' ? sdkLevel : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(sdkLevel, (entry) => writeEntry(log, entry)),
    telemetryOptions: { logging: { filter: { core: coreLevel, other: 'ERROR' }, forward: {} } },
  });
}
