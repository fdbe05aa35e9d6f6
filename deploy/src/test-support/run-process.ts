import { type ChildProcess, spawn } from 'node:child_process';

/** What a finished process did: enough to tell, from a failed test's output, what ran and why. */
export interface ProcessRun {
  readonly command: string;
  readonly cwd: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to (or, with `null`, removed from) the test process's environment. */
  readonly env?: Readonly<Record<string, string | null>>;
  /** Killed (its whole process group) after this long. */
  readonly timeoutMs: number;
}

/**
 * The environment for a child: ours without what the workspace's tooling injects, with `env`'s
 * entries set or (null) removed. pnpm's bin shims put the workspace's hoisted packages on
 * NODE_PATH, and pnpm/npm export `npm_*` settings: a child that inherited them would resolve
 * packages the fresh app does not have (a bundle would find tiktoken in the workspace).
 */
export function childEnv(env: Readonly<Record<string, string | null>> = {}): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_PATH' || name === 'NODE_OPTIONS' || /^npm_/i.test(name)) continue;
    result[name] = value;
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === null) delete result[name];
    else result[name] = value;
  }
  return result;
}

/** The command line as a person would type it (for transcripts). */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part}'`))
    .join(' ');
}

/**
 * Runs a process to completion in its own process group, and kills that group by its PID when
 * `timeoutMs` passes. Never rejects for a non-zero exit: the caller judges the {@link ProcessRun}.
 */
export function runProcess({
  command,
  args,
  cwd,
  env,
  timeoutMs,
}: RunProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        command: commandLine(command, args),
        cwd,
        exitCode,
        signal,
        timedOut,
        stdout,
        stderr,
      });
    });
  });
}

/** Signals a detached child's process group (its PID, negated); ignores one already gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already exited
  }
}

/** A run as text for a failed test's output: the command, where, how it ended, and its output. */
export function transcript(run: ProcessRun, maxChars = 6_000): string {
  const tail = (text: string) => (text.length > maxChars ? `…${text.slice(-maxChars)}` : text);
  const ending = run.timedOut
    ? 'killed after its timeout'
    : run.signal !== null
      ? `killed by ${run.signal}`
      : `exit code ${run.exitCode}`;
  return [
    `$ ${run.command}`,
    `  (in ${run.cwd}; ${ending})`,
    '--- stdout',
    tail(run.stdout),
    '--- stderr',
    tail(run.stderr),
  ].join('\n');
}

/** Throws, with the transcript, unless the process exited with code 0. */
export function assertSucceeded(run: ProcessRun): void {
  if (run.exitCode !== 0 || run.timedOut) throw new Error(`command failed:\n${transcript(run)}`);
}
