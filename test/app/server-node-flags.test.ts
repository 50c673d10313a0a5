import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../../app/server-node-flags';
import { freePort, spawnLoa } from '../../tools/harness/loa-process';

const ROOT = path.join(__dirname, '../..');

describe('the Node flags the server runs with', () => {
  it('npm start and the Docker image pass the same flags (a young generation of 8 MB, an old generation grown ×1.3 over what is live, for RSS)', () => {
    expect(SERVER_NODE_FLAGS).toContain('--max-semi-space-size=8');
    expect(SERVER_NODE_FLAGS).toContain('--heap-growing-percent=30');
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(`tsx ${SERVER_NODE_FLAGS.join(' ')} app/main.ts`);
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split('\n').filter((l) => l.startsWith('CMD')).pop() ?? '')?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/app/main.js']);
  });

  it('the harness that benches and crash-tests Loa starts it with them too', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-flags-'));
    const loa = spawnLoa({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOA_DEMO_DATA: 'false' }, port);
    try {
      await loa.ready();
      const args = fs.readFileSync(`/proc/${loa.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SERVER_NODE_FLAGS) expect(args).toContain(flag);
    } finally {
      await loa.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
