// Management commands that talk to a running server with a management key (KEYWARDEN_URL,
// KEYWARDEN_API_KEY), and `scan`. Exit codes: 0 ok, 1 refused by the server (or a key found by scan),
// 2 a usage error.
import type { Command, CommanderError } from 'commander';
import { EXIT, processIo, type Io } from './io.js';
import { registerKeyCommands } from './keys.js';
import { registerEventCommands } from './events.js';
import { registerSettingsCommands } from './settings.js';
import { registerMemberCommands } from './members.js';
import { registerScanCommand } from './scan.js';
import { registerWebhookCommands } from './webhooks.js';

export interface ManagementOptions {
  io?: Io;
  /** How a command line error ends the process; tests throw instead. */
  exit?: (code: number) => never;
}

export function registerManagementCommands(program: Command, options: ManagementOptions = {}): void {
  const io = options.io ?? processIo();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // Commander ends with 1 on a usage error; the contract of these commands is 2 (help itself is 0).
  // Set on the program before adding commands, so that every command below inherits it.
  program
    .exitOverride((err: CommanderError) => exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE))
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerKeyCommands(program, io);
  registerEventCommands(program, io);
  registerSettingsCommands(program, io);
  registerMemberCommands(program, io);
  registerWebhookCommands(program, io);
  registerScanCommand(program, io);
}
