// `keywarden scan PATH…`: find Keywarden keys in files and git history by prefix and checksum, and
// optionally ask the server which are live and revoke those. Exit 1 when something needs attention,
// so it fits CI and pre-commit hooks; a key is only ever shown by its start.
import type { Command } from 'commander';
import { parseKey, PREFIX_PATTERN } from '../domain/key-format.js';
import { DEFAULT_KEY_PREFIX } from '../config.js';
import { ManagementClient } from './api-client.js';
import { ApiError, EXIT, runAction, UsageError, type Io } from './io.js';
import { optionsOf, withConnection } from './options.js';
import { printJson } from './output.js';
import { scanFiles, scanGitHistory, type Finding } from './scan-sources.js';

interface Verdict {
  live: boolean;
  /** `valid`, or the verify code (`REVOKED`, `NOT_FOUND`, …). */
  answer: string;
  keyId?: string;
  tenantId?: string;
  revoked?: boolean;
  revokeError?: string;
}

// Codes of a key that exists and is not revoked or expired: it works (from another address, too), or
// will again once a limit, a credit top-up or a policy switch allows. A leaked key in any of these states needs revoking.
const LIVE_CODES = new Set(['DISABLED', 'IP_NOT_ALLOWED', 'FORBIDDEN', 'USAGE_EXCEEDED', 'RATE_LIMITED']);

const startOf = (secret: string) => `${parseKey(secret)!.start}…`;
const placeOf = (f: Finding) => (f.source === 'git' ? `${f.commit!.slice(0, 12)}:${f.path}:${f.line}` : `${f.path}:${f.line}`);

async function verifyAll(client: ManagementClient, secrets: string[]): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  for (const secret of secrets) {
    // dryRun: the answer is the same, but nothing is spent, counted or recorded.
    const answer = await client.request<{ valid: boolean; code?: string; keyId?: string; tenantId?: string }>('POST', '/verify', { key: secret, body: { dryRun: true } });
    verdicts.set(secret, answer.valid
      ? { live: true, answer: 'valid', keyId: answer.keyId, tenantId: answer.tenantId }
      : { live: LIVE_CODES.has(answer.code ?? ''), answer: answer.code ?? 'UNKNOWN' });
  }
  return verdicts;
}

async function revokeLive(client: ManagementClient, verdicts: Map<string, Verdict>, ownKey: string | undefined): Promise<void> {
  // The management key itself may be among the leaks: revoke it last, or it could not revoke the rest.
  const order = [...verdicts.entries()].filter(([, v]) => v.live).sort(([a], [b]) => Number(a === ownKey) - Number(b === ownKey));
  for (const [, verdict] of order) {
    if (!verdict.keyId || !verdict.tenantId) {
      verdict.revokeError = `the server answers ${verdict.answer} without naming the key; revoke it in the console`;
      continue;
    }
    try {
      await client.request('POST', `/tenants/${verdict.tenantId}/keys/${verdict.keyId}/revoke`, { body: {} });
      verdict.revoked = true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      verdict.revokeError = `${err.code}: ${err.message}`;
    }
  }
}

function describe(verdict: Verdict | undefined): string {
  if (!verdict) return '';
  if (!verdict.live) return verdict.answer === 'NOT_FOUND' ? ' unknown to this server' : ` ${verdict.answer.toLowerCase()}`;
  const what = verdict.answer === 'valid' ? `LIVE ${verdict.keyId} in ${verdict.tenantId}` : `LIVE (answers ${verdict.answer} now)`;
  if (verdict.revoked) return ` ${what}: revoked now`;
  return verdict.revokeError ? ` ${what}: NOT revoked (${verdict.revokeError})` : ` ${what}`;
}

/** POST /leaks takes at most this many keys a report. */
const REPORT_BATCH = 100;

/**
 * Sends the keys found to the server's public leak endpoint (no management key needed): the server
 * marks each of its own keys and revokes or reports it by its tenant's policy. Answers how many it took.
 */
async function reportLeaks(client: ManagementClient, secrets: string[], about: { source?: string; url?: string }): Promise<number> {
  let received = 0;
  for (let i = 0; i < secrets.length; i += REPORT_BATCH) {
    // key '': the report goes without the management key, which this public route does not need.
    const answer = await client.request<{ received: number }>('POST', '/leaks', { key: '', body: { keys: secrets.slice(i, i + REPORT_BATCH), ...about } });
    received += answer.received;
  }
  return received;
}

function leakReportOptions(opts: { source?: string; sourceUrl?: string }): { source?: string; url?: string } {
  const source = opts.source ?? 'keywarden scan';
  if (source.length < 1 || source.length > 200) throw new UsageError('--source takes 1 to 200 characters');
  const url = opts.sourceUrl;
  if (url !== undefined && (!/^https?:\/\/[^/\s]/i.test(url) || url.length > 2000)) {
    throw new UsageError(`--source-url takes an http:// or https:// address (got "${url}")`);
  }
  return { source, ...(url !== undefined && { url }) };
}

function report(io: Io, findings: Finding[], verdicts: Map<string, Verdict> | null, json: boolean, reported: number | null): void {
  if (json) {
    const items = findings.map((f) => ({ source: f.source, path: f.path, line: f.line, ...(f.commit && { commit: f.commit }), start: startOf(f.secret), ...(verdicts && { verdict: verdicts.get(f.secret) }) }));
    return printJson(io, { findings: items, ...(reported !== null && { reported }) });
  }
  for (const f of findings) io.stdout(`${placeOf(f)}: ${startOf(f.secret)}${describe(verdicts?.get(f.secret))}\n`);
  const distinct = new Set(findings.map((f) => f.secret)).size;
  if (!findings.length) return io.stderr('No Keywarden keys found.\n');
  let summary = `Found ${findings.length} occurrence${findings.length === 1 ? '' : 's'} of ${distinct} key${distinct === 1 ? '' : 's'}`;
  if (verdicts) {
    const live = [...verdicts.values()].filter((v) => v.live);
    summary += `; ${live.length} live`;
    const revoked = live.filter((v) => v.revoked).length;
    if (revoked) summary += `, ${revoked} revoked by this scan`;
  }
  if (reported !== null) summary += `; reported ${reported} to the server as leaked`;
  io.stderr(`${summary}.\n`);
}

/** The prefixes `--prefix` (or KEYWARDEN_KEY_PREFIX) names, each checked as the server checks its own. */
function scanPrefixes(given: string | undefined): string[] {
  if (given === undefined || given === '') return [DEFAULT_KEY_PREFIX];
  const prefixes = given.split(',').map((p) => p.trim());
  for (const prefix of prefixes) {
    if (!PREFIX_PATTERN.test(prefix)) throw new UsageError(`--prefix takes key prefixes (a lower-case letter, then up to 15 lower-case letters or digits), got "${prefix}"`);
  }
  return prefixes;
}

export function registerScanCommand(program: Command, io: Io): void {
  withConnection(program.command('scan').argument('[paths...]', 'files and directories to scan (default: .)'), { tenant: false })
    .description('find Keywarden keys in files and git history; exits 1 when it finds one (with --verify: a live one)')
    .option('--git', 'also scan the history of the git repositories at PATHS (git log -p --all)')
    .option('--verify', 'ask the server whether each key is live (a dry run: nothing is spent or counted)')
    .option('--revoke', 'revoke the live keys found (implies --verify; needs a management key with admin scope)')
    .option('--report', 'report the keys found to the server as leaked (POST /leaks; no management key needed): its own keys are marked and, by their tenant\'s policy, revoked')
    .option('--source <text>', 'with --report: where the keys were found (default "keywarden scan")')
    .option('--source-url <url>', 'with --report: an http(s) address of the place they were found (--url names the server)')
    .option('--prefix <prefixes>', 'the server\'s key prefix, or several comma-separated (default: $KEYWARDEN_KEY_PREFIX, else kw): where letters run on into a key (\\nkw_… in JSON), it says where the key starts')
    .addHelpText('after', '\nExit codes: 0 clean, 1 a key was found (with --verify: a live key), 2 usage error.')
    .action((paths: string[], opts, command: Command) => runAction(io, async () => {
      const options = optionsOf(command);
      if ((opts.source !== undefined || opts.sourceUrl !== undefined) && !opts.report) throw new UsageError('--source and --source-url go with --report');
      const about = opts.report ? leakReportOptions(opts) : null;
      // The tree scanned may be a stranger's (a pull request in CI): its `.env` must not choose the
      // server the keys found, and the management key, are sent to (attacker-side review).
      const env = io.env(options.config ?? null);
      const connect = (needsKey: boolean) => ManagementClient.fromOptions(io, options, { needsKey, workingDirectoryEnv: false });
      const prefixes = scanPrefixes(opts.prefix ?? env.KEYWARDEN_KEY_PREFIX);
      const roots = paths.length ? paths : ['.'];
      const findings = scanFiles(roots, prefixes, (path, why) => io.stderr(`skipped ${path}: ${why}\n`));
      if (opts.git) for (const root of roots) findings.push(...await scanGitHistory(root, prefixes));
      let verdicts: Map<string, Verdict> | null = null;
      if (opts.verify || opts.revoke) {
        const client = connect(!!opts.revoke);
        verdicts = await verifyAll(client, [...new Set(findings.map((f) => f.secret))]);
        if (opts.revoke) await revokeLive(client, verdicts, options.apiKey ?? env.KEYWARDEN_API_KEY);
      }
      let reported: number | null = null;
      if (about && findings.length > 0) {
        // After --verify and --revoke, so their verdicts describe the keys as they were found.
        reported = await reportLeaks(connect(false), [...new Set(findings.map((f) => f.secret))], about);
      }
      report(io, findings, verdicts, !!options.json, reported);
      const needsAttention = verdicts ? [...verdicts.values()].some((v) => v.live) : findings.length > 0;
      return needsAttention ? EXIT.FAILED : EXIT.OK;
    }));
}
