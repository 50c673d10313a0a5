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
 *
 * `--heap-growing-percent=30`: after each full GC V8 lets the old generation
 * grow to a multiple of what is live, chosen by how fast it collects — up to
 * ×4 on a busy server. Loa keeps ~33 MB live, yet the old space was seen at
 * 49 MB (and the whole heap at 94 MB, RSS 213 MB) after load-bench runs at the
 * higher request rates. A fixed ×1.3 keeps it near 40 MB (RSS 132–137 MB
 * against 132–147 in the same window, three runs each); Loa's CPU per request
 * over the run did not rise (2,775–2,851 µs against 2,747–3,059, load ~10).
 * Limit: a V8 flag, not a Node one; a Node whose V8 dropped it would refuse
 * to start, which test/app/server-node-flags.test.ts (it starts Loa with them) would show.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=30'] as const;
