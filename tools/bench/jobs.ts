/**
 * A small pool of child processes for the long measurements (the machine has few cores): the parent forks this
 * project's entry script with `--job <name>` under ts-node; the child runs one job and sends its JSON result
 * back. Jobs are plain data, so the same job runs in-process when asked (`--serial`).
 */
import { fork } from "child_process";
import * as os from "os";

export type JobRunner = (name: string) => unknown;

/**
 * Runs the named jobs, at most `parallel` at a time; results by name. The parent's own options are passed on
 * to every child (after `--job <name>`), so a child sees the same --trials/--hours/--quick.
 */
export function runJobs(script: string, names: string[], parallel: number, runLocal: JobRunner | null, log: (s: string) => void): Promise<{ [name: string]: unknown }> {
  const passOn = process.argv.slice(2).filter((a) => a !== "--serial");
  const results: { [name: string]: unknown } = {};
  if (runLocal) {
    for (const n of names) {
      log("  job " + n);
      results[n] = runLocal(n);
    }
    return Promise.resolve(results);
  }
  const queue = names.slice();
  let running = 0;
  return new Promise((resolve, reject) => {
    const next = (): void => {
      if (!queue.length && running === 0) return resolve(results);
      while (running < parallel && queue.length) {
        const name = queue.shift() as string;
        running++;
        const t0 = Date.now();
        const child = fork(script, ["--job", name].concat(passOn), { execArgv: ["-r", "ts-node/register/transpile-only"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
        child.on("message", (m: unknown) => { results[name] = m; });
        child.on("exit", (code) => {
          running--;
          if (code !== 0 || results[name] === undefined) return reject(new Error("job " + name + " failed (exit " + code + ")"));
          log("  job " + name + " done in " + ((Date.now() - t0) / 1000).toFixed(1) + " s");
          next();
        });
      }
    };
    next();
  });
}

/** Worker count: the cores there are, at most 4. */
export function defaultParallel(): number {
  const n = os.cpus().length;
  return n < 1 ? 1 : n > 4 ? 4 : n;
}

/**
 * Entry point of a script that runs either as the parent (main) or, started by runJobs with `--job NAME`,
 * as a child that runs one job and sends its result back.
 */
export function runAsParentOrJob(main: () => Promise<void>, runJob: JobRunner): void {
  const j = process.argv.indexOf("--job");
  if (j >= 0) {
    const res = runJob(process.argv[j + 1]);
    (process.send as (m: unknown) => void)(res);
  } else {
    main().catch((e) => {
      console.error(e);
      process.exit(1);
    });
  }
}
