// Every subcommand's options, read one way: node:util parseArgs in strict mode with positionals, and a
// mistake (an unknown or malformed option) refused as a usage error (exit 2) followed by the usage text.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { CliError } from './plan-commands.ts';

export function parseCommandArgs<T extends ParseArgsOptionsConfig>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${usage}`, 2);
  }
}
