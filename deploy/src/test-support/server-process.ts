import { spawn } from 'node:child_process';
import { childEnv, commandLine, killGroup } from './run-process.js';

/** A long-running server process a test started (Next.js), stopped by its PID. */
export interface ServerProcess {
  readonly url: string;
  /** Everything it printed so far, for a failed test's output. */
  output(): string;
  stop(): Promise<void>;
}

/** Options of {@link startServerProcess}. */
export interface StartServerProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | null>>;
  /** `http://127.0.0.1:<port>`: the server must listen there. */
  readonly url: string;
  /** A path that answers (any status) once the server is up. */
  readonly readyPath: string;
  readonly startTimeoutMs: number;
}

/**
 * Starts a server in its own process group, waits until `readyPath` answers, and returns a handle
 * whose `stop()` sends SIGTERM to that group (SIGKILL after 5 s). Throws with the server's output
 * if it exits or does not answer in time.
 */
export async function startServerProcess(
  options: StartServerProcessOptions,
): Promise<ServerProcess> {
  const { command, args, cwd, env, url, readyPath, startTimeoutMs } = options;
  const child = spawn(command, args, {
    cwd,
    env: childEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = `$ ${commandLine(command, args)}\n  (in ${cwd})\n`;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before answering:\n${output}`);
    }
    try {
      await fetch(new URL(readyPath, url), { signal: AbortSignal.timeout(2_000) });
      return { url, output: () => output, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stop();
  throw new Error(`server did not answer ${readyPath} within ${startTimeoutMs} ms:\n${output}`);
}
