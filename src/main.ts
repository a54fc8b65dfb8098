// The `keywarden` command: parses the command line and runs one command.
import { Command } from 'commander';
import { ConfigError } from './config.js';
import { registerManagementCommands } from './cli/management.js';

// The server and database commands load Fastify and the drivers; management commands need neither.
const serverCommands = () => import('./cli/serve.js');
const databaseCommands = () => import('./cli/database.js');

const program = new Command('keywarden')
  .description('Self-hosted API key management')
  .option('--config <file>', 'read settings from this dotenv file instead of ./.env')
  .showHelpAfterError();

program.command('serve', { isDefault: true }).description('start the server (the default)')
  .action(async () => (await serverCommands()).serve(program.opts()));
program.command('migrate').description('apply database migrations and exit')
  .action(async () => (await databaseCommands()).migrate(program.opts()));
program.command('backup <file>').description('write an online copy of the SQLite database to FILE')
  .action(async (file: string) => (await databaseCommands()).backup(file, program.opts()));
program.command('audit').description('audit log tools')
  .command('verify').description('check every event hash chain and report tampering')
  .action(async () => (await databaseCommands()).auditVerify(program.opts()));
registerManagementCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
