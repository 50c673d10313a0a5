/**
 * Peak memory of reading a roster .xlsx bomb (a small zip of a huge sheet),
 * the in-memory reader (the baseline: exceljs `xlsx.load`, then the row
 * count) against the streaming reader the upload uses (`rosterCsvOf`, which
 * stops at the row limit). Each reader runs in its own child process, so its
 * peak RSS (`maxRSS`) and peak heap are its own.
 *
 *   npx tsx bench/roster-xlsx-bench.ts [rows=400000]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExcelJs } from '../../adapters/office/exceljs-writer';
import { rosterCsvOf } from '../../adapters/office/xlsx-roster-reader';
import { rosterBomb } from './roster-bomb';

type Reader = 'in-memory' | 'streaming';

/** In the child: read the file once with one reader, sampling the heap, and print what it cost. */
async function child(reader: Reader, file: string): Promise<void> {
  const buffer = fs.readFileSync(file);
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 2);
  const started = performance.now();
  let outcome: string;
  if (reader === 'in-memory') {
    const book = new (loadExcelJs().Workbook)();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    outcome = `${book.worksheets[0]?.rowCount ?? 0} rows loaded, then refused`;
  } else {
    const read = await rosterCsvOf({ originalname: 'bom.xlsx', buffer });
    outcome = read.ok ? 'read' : `refused (${read.error})`;
  }
  const ms = performance.now() - started;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ reader, outcome, ms: Math.round(ms), peakHeapMb: Math.round(peakHeap / 2 ** 20), maxRssMb: Math.round(maxRssMb) }));
}

async function main(): Promise<void> {
  const [mode, reader, fileArg] = process.argv.slice(2);
  if (mode === 'child') return child(reader as Reader, fileArg!);
  const rows = Number(mode ?? 400_000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loa-xlsx-bomb-')), 'bom.xlsx');
  fs.writeFileSync(file, await rosterBomb(rows));
  console.log(`roster .xlsx bomb: ${rows} rows in ${Math.round(fs.statSync(file).size / 1024)} KB`);
  try {
    for (const which of ['in-memory', 'streaming'] as const) {
      const run = spawnSync(process.execPath, [...process.execArgv, __filename, 'child', which, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const line = run.stdout.trim().split('\n').pop() ?? '';
      console.log(run.status === 0 ? line : `${which}: failed (${run.status}) ${run.stderr.slice(-300)}`);
    }
    console.log('baseline: in-memory; the upload uses streaming');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

void main();
