import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of the platform's TypeScript modules. The platform runs its sources
 * through tsx (no build step), and a worker does not inherit the loader, so the worker's first act is
 * to import the module through tsx's API — the same under `npm start`, the CLI and the test runner.
 */
export function startModuleWorker(module: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const href = JSON.stringify(module.href);
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${href}, ${href}))`;
  return new Worker(code, { ...options, eval: true });
}
