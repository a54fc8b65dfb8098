// Shared pieces of the usage tests: a server on a clock the test moves, a team, and a small CSV reader.
import { startTestServer, type TestServer } from '../helpers/server.js';
import type { DialectName } from '../helpers/services.js';
import { setUpTeam, type Team } from '../verify/nodes.js';

export interface Clocked {
  server: TestServer;
  team: Team;
  /** Sets the servers' clock. */
  at(iso: string | number): void;
  nowMs(): number;
}

/** A server whose clock starts at `start` and moves only when the test moves it; flushes only when the test flushes. */
export async function clockedServer(dialect: DialectName, start: string, env: Record<string, string> = {}, pgSchema?: string): Promise<Clocked> {
  let clock = Date.parse(start);
  const server = await startTestServer(dialect, { KEYWARDEN_FLUSH_INTERVAL: '1h', ...env }, { now: () => new Date(clock), pgSchema });
  const team = await setUpTeam(server);
  return {
    server, team,
    at(t) { clock = typeof t === 'number' ? t : Date.parse(t); },
    nowMs: () => clock,
  };
}

/** RFC 4180, enough for the tests: quoted cells with doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/** Rows as objects by the header line. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
