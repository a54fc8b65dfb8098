// What the management commands need from the outside world, passed in so tests can run them in-process.
import { readEnvironment } from '../config.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The environment, with `.env` (or `--config FILE`) merged in as the server reads it; `null`: the environment alone. */
  env: (configFile?: string | null) => Record<string, string | undefined>;
  /** Reads standard input whole (for `keys revoke -`). */
  stdin: () => Promise<string>;
  /** Whether stderr is a terminal: progress then redraws one line instead of printing many. */
  isStderrTty: boolean;
  setExitCode: (code: number) => void;
  fetch: typeof fetch;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: (configFile) => readEnvironment(process.env, configFile),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isStderrTty: !!process.stderr.isTTY,
    setExitCode: (code) => { process.exitCode = code; },
    fetch: (...args) => fetch(...args),
  };
}

/** Exit codes of the management commands: scripts and CI rely on them. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** A mistake on the command line (exit 2), as opposed to a refusal by the server (exit 1). */
export class UsageError extends Error {}

/** A refusal by the server, in the contract's error shape, or a server that could not be reached. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly reason?: string) {
    super(message);
  }
}

/** Runs one command's body and turns its failure into a message on stderr and an exit code. */
export async function runAction(io: Io, body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    if (code) io.setExitCode(code);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      io.setExitCode(EXIT.USAGE);
    } else if (err instanceof ApiError) {
      const reason = err.reason ? ` (${err.reason})` : '';
      io.stderr(`error: ${err.code}${reason}: ${err.message}\n`);
      io.setExitCode(EXIT.FAILED);
    } else {
      io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      io.setExitCode(EXIT.FAILED);
    }
  }
}
