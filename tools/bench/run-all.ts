import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench`: runs every `bench/*-bench.ts` in turn (or the ones named on
 * the command line, e.g. `npm run bench -- parse core`) and prints their numbers.
 */
async function runAll(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('-bench.ts'))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  for (const file of files) {
    console.log(`\n# ${file}`);
    const started = Date.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(path.join(__dirname, file)) as { main?: () => Promise<void> };
    if (typeof bench.main !== 'function') {
      console.log('  (no main() exported; skipped)');
      continue;
    }
    await bench.main();
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

runAll().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
