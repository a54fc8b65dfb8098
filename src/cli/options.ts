// Options every management command shares, and parsers for option values.
import { InvalidArgumentError, type Command } from 'commander';
import { ManagementClient, type ConnectionOptions } from './api-client.js';
import type { Io } from './io.js';

export interface CommonOptions extends ConnectionOptions {
  json?: boolean;
}

export function withConnection(command: Command, { tenant = true } = {}): Command {
  command
    .option('--url <url>', 'Keywarden server URL (default: $KEYWARDEN_URL, else http://127.0.0.1:8080)')
    .option('--api-key <key>', 'management key (default: $KEYWARDEN_API_KEY; prefer the variable: arguments show in process lists)');
  if (tenant) command.option('--tenant <id>', 'tenant id (default: the management key\'s own tenant)');
  return command.option('--json', 'print JSON for scripts instead of a table');
}

export function optionsOf(command: Command): CommonOptions {
  return command.optsWithGlobals() as CommonOptions;
}

export function clientFor(io: Io, command: Command): ManagementClient {
  return ManagementClient.fromOptions(io, optionsOf(command));
}

export function positiveInteger(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}.`);
    return Number(value);
  };
}

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration written as in the configuration (`<n>s|m|h|d`, and `ms`), in milliseconds. */
export function duration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected a duration such as 30s, 15m, 12h or 7d.');
  return Number(match[1]) * UNIT_MS[match[2]];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
