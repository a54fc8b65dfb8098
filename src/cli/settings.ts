// `keywarden settings get|set`: the tenant's key policy.
import type { Command } from 'commander';
import { runAction, UsageError, type Io } from './io.js';
import { clientFor, optionsOf, withConnection } from './options.js';
import { fields, printJson } from './output.js';

/**
 * `name=value`: true, false, null and whole numbers are sent as such, a JSON array or object (e.g.
 * `allowedIps=["10.0.0.0/8"]`) as JSON, anything else as a string.
 */
export function parseAssignment(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`"${text}": expected NAME=VALUE, e.g. apiKeysEnabled=true`);
  const raw = text.slice(at + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : /^-?\d+$/.test(raw) ? Number(raw)
    : /^[[{]/.test(raw) ? parseJson(raw, text) : raw;
  return [text.slice(0, at), value];
}

function parseJson(raw: string, text: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new UsageError(`"${text}": the value is not valid JSON`);
  }
}

function printSettings(io: Io, settings: Record<string, unknown>, json: boolean): void {
  if (json) printJson(io, settings);
  else io.stdout(fields(Object.entries(settings)));
}

export function registerSettingsCommands(program: Command, io: Io): void {
  const settings = program.command('settings').description('read and change the tenant\'s key policy');

  withConnection(settings.command('get').description('show the settings'))
    .action((_opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      printSettings(io, await client.request('GET', `/tenants/${await client.tenant()}/settings`), !!optionsOf(command).json);
    }));

  withConnection(settings.command('set').argument('<name=value...>').description('change settings (tenant admin), e.g. apiKeysEnabled=true maxExpiryDays=90'))
    .action((assignments: string[], _opts, command: Command) => runAction(io, async () => {
      const body = Object.fromEntries(assignments.map(parseAssignment));
      const client = clientFor(io, command);
      printSettings(io, await client.request('PATCH', `/tenants/${await client.tenant()}/settings`, { body }), !!optionsOf(command).json);
    }));
}
