// `keywarden members list|grant|withdraw` (tenant admin).
import type { Command } from 'commander';
import { runAction, UsageError, type Io } from './io.js';
import { clientFor, collect, optionsOf, positiveInteger, withConnection } from './options.js';
import { printJson, printPage, type Page } from './output.js';
import type { ManagementClient } from './api-client.js';

interface Member { userId: string; email: string; name: string; roles: string[]; licensed: boolean }

const MEMBER_COLUMNS = [
  { header: 'USER', value: (m: Member) => m.userId },
  { header: 'EMAIL', value: (m: Member) => m.email },
  { header: 'NAME', value: (m: Member) => m.name },
  { header: 'ROLES', value: (m: Member) => m.roles.join(',') || '-' },
  { header: 'LICENSED', value: (m: Member) => (m.licensed ? 'yes' : 'no') },
];

/** A user id as is, or an email looked up (a tenant admin may find one user by exact email). */
async function userIdOf(client: ManagementClient, user: string): Promise<string> {
  if (/^usr_[0-9A-Za-z]+$/.test(user)) return user;
  if (!user.includes('@')) throw new UsageError(`"${user}" is neither a user id (usr_…) nor an email address`);
  const found = await client.request<{ items: { id: string }[] }>('GET', '/users', { query: { email: user } });
  if (!found.items.length) throw new UsageError(`no user with the email ${user}`);
  return found.items[0].id;
}

export function registerMemberCommands(program: Command, io: Io): void {
  const members = program.command('members').description('who has access to the tenant');

  withConnection(members.command('list').description('list members'))
    .option('-q, --query <text>', 'search email and name')
    .option('--limit <n>', 'members per page (1..200, default 50)', positiveInteger(200))
    .option('--cursor <cursor>', 'continue from a previous page')
    .action((opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const page = await client.request<Page<Member>>('GET', `/tenants/${await client.tenant()}/members`, { query: { q: opts.query, limit: opts.limit, cursor: opts.cursor } });
      printPage(io, page, { json: optionsOf(command).json, columns: MEMBER_COLUMNS, noun: 'members' });
    }));

  withConnection(members.command('grant').argument('<user>', 'user id or email').description('give a user access, or change their roles and licence'))
    .option('--role <role>', 'tenant_admin or developer (repeatable; none for plain access)', collect)
    .option('--licensed', 'the member holds a licence (needed to create keys)')
    .action((user: string, opts, command: Command) => runAction(io, async () => {
      const roles: string[] = opts.role ?? [];
      const unknown = roles.filter((r) => r !== 'tenant_admin' && r !== 'developer');
      if (unknown.length) throw new UsageError(`unknown role ${unknown.join(', ')}: use tenant_admin or developer`);
      const client = clientFor(io, command);
      const tid = await client.tenant();
      const member = await client.request<Member>('PUT', `/tenants/${tid}/members/${await userIdOf(client, user)}`, { body: { roles: [...new Set(roles)], licensed: !!opts.licensed } });
      if (optionsOf(command).json) return printJson(io, member);
      io.stdout(`${member.email} now has access with roles ${member.roles.join(',') || '(none)'}, ${member.licensed ? 'licensed' : 'not licensed'}.\n`);
    }));

  withConnection(members.command('withdraw').argument('<user>', 'user id or email').description('withdraw access; revokes the member\'s keys in this tenant for good'))
    .action((user: string, _opts, command: Command) => runAction(io, async () => {
      const client = clientFor(io, command);
      const uid = await userIdOf(client, user);
      await client.request('DELETE', `/tenants/${await client.tenant()}/members/${uid}`);
      if (optionsOf(command).json) return printJson(io, { withdrawn: uid });
      io.stdout(`Withdrew ${user}'s access; their keys in this tenant are revoked.\n`);
    }));
}
