// Management commands that talk to a running server with a management key. (Filled in by the CLI work.)
import type { Command } from 'commander';

export function registerManagementCommands(_program: Command): void {}
