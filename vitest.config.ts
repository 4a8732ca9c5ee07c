import { defineConfig } from 'vitest/config';

/**
 * Test files whose code is pure or self-contained (parsers, analysis, reports, the scanner, checks, detectors) share
 * their worker process: a file then reuses the modules the files before it loaded, instead of starting a process and
 * importing zod, the ATLAS data and the analysis again. On a busy 2-core machine that start-up was half the suite's
 * time (docs/development.md). Folders whose tests start processes, servers, stores or job queues keep a fresh
 * process per file: what one file leaves behind there (open handles, a listening server, a store) must not be the
 * next file's starting point. A folder not named here is isolated.
 */
const SHARED = [
  'src/accounts',
  'src/assess',
  'src/atlas',
  'src/audit',
  'src/checks',
  'src/controls',
  // Readers, manifests and the detectors' evaluations: files in a temporary folder, no process, server or store.
  'src/data',
  'src/deps',
  'src/detections',
  'src/inventory',
  'src/llm',
  'src/ml',
  'src/monitor',
  'src/notify',
  'src/report',
  'src/review',
  'src/scan',
  'src/schedules',
  // In-process app.request() over a PGlite store per file, closed and removed in afterAll; the server's caches are
  // keyed by the store's folder, so one file's review 1 is never another's. Isolated the folder took 128 s of CPU,
  // shared 81-110 s (load 15-37; docs/development.md).
  'src/server',
  'src/triggers',
  'src/util',
  'examples',
  // The web UI's pure modules (table slices, saved views, colours, plan board); web/e2e starts a server and a browser.
  'web/src',
].map((folder) => `${folder}/**/*.test.ts`);

/**
 * Self-contained files of folders that stay isolated: help text, output formatting, in-process `rampart data` runs
 * on temporary files (no store), schemas, request/answer mappings, pure attack helpers. Each of them isolated paid a
 * process and its imports (1-2 s of CPU) for well under a second of tests. Not review.test.ts: building the `review`
 * command warms a PGlite worker (early-store.ts), a thread the next file would inherit.
 */
const SHARED_FILES = [
  'src/cli/output.test.ts',
  'src/cli/fast-path.test.ts',
  'src/cli/early-store.test.ts',
  'src/cli/stack-trace.test.ts',
  'src/cli/environment-error.test.ts',
  'src/cli/data-manifest.test.ts',
  'src/cli/data-scan.test.ts',
  'src/targets/target-schema.test.ts',
  'src/targets/chat-target-schema.test.ts',
  'src/targets/http-json/**/*.test.ts',
  'src/attacks/inputs-file.test.ts',
  'src/attacks/served-output.test.ts',
  'src/cli/test-support/cli-command.test.ts',
];

const ALL = ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts', 'web/src/**/*.test.ts', 'web/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    // Builds the web UI for the browser tests when web/ is newer than dist/web (a no-op otherwise).
    globalSetup: ['web/e2e/global-setup.ts'],
    // Bounds against a hang, never against the load: on this 2-core machine at load 38 a test with 9 s of CPU took
    // 476 s of wall time, and fixture hooks (the digits victims) timed out at 60 s while still working. A test or
    // hook gives no lower limit of its own; one that needs a deadline uses a clock it controls (README,
    // "Development"). A test that really hangs still fails, after 10 minutes (hooks 15).
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // Two workers on two cores: a file that waits (a job's time limit, a hanging target, a rate limit) no longer
    // holds the other core idle; vitest's default on two cores is one.
    maxWorkers: 2,
    minWorkers: 1,
    // vitest 3 builds one pool of each kind from the root options: a project's own `isolate: false` reaches its
    // files but not the pool, which still ended every forked worker after one file (one pid per file). The shared
    // project therefore runs in the threads pool, the only one whose workers outlive a file, and the isolated one in
    // forks, a process per file.
    poolOptions: { threads: { isolate: false }, forks: { isolate: true } },
    projects: [
      { extends: true, test: { name: 'shared', include: [...SHARED, ...SHARED_FILES], pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'isolated', include: ALL, exclude: [...SHARED, ...SHARED_FILES], pool: 'forks', isolate: true } },
    ],
  },
});
