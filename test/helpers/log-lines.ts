// A log stream for a test server that keeps every line it is given, to read back as JSON entries.
import { Writable } from 'node:stream';

export interface LogEntry {
  level: number;
  msg: string;
  [field: string]: any;
}

export function logCollector() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { stream, lines, entries: (): LogEntry[] => lines.map((line) => JSON.parse(line)) };
}
