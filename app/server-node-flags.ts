/**
 * The Node flags the server runs with, wherever it starts: `npm start`
 * (package.json), the Docker image (Dockerfile) and the test/bench harness
 * (tools/harness/loa-process.ts); test/app/server-node-flags.test.ts keeps the
 * three in step.
 *
 * `--max-semi-space-size=8`: V8's young generation is two semi-spaces of up to
 * 16 MB each by default, and a busy server touches both, so 32 MB of RSS went to
 * short-lived garbage (RSS after the load bench 155 MB, 132 MB with 8 MB, target
 * < 150 MB). A message's objects die young either way; the core bench showed no
 * change in CPU per message at 8 MB.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'] as const;
