import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPlanFiles, readPlanFile } from '../../app/plan-files';

describe('plan files on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-plans-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the YAML and JSON plans of a folder by file name, and nothing else', () => {
    for (const f of ['b.yml', 'a.yaml', 'c.json', 'notes.txt']) fs.writeFileSync(path.join(dir, f), '');
    expect(listPlanFiles(dir).map((f) => path.basename(f))).toEqual(['a.yaml', 'b.yml', 'c.json']);
  });

  it('lists nothing for a folder that does not exist', () => {
    expect(listPlanFiles(path.join(dir, 'missing'))).toEqual([]);
  });

  it('reports a file it cannot read as a problem of the file, without throwing', () => {
    const file = path.join(dir, 'gone.yaml');
    expect(readPlanFile(file)).toEqual({ ok: false, problems: [{ path: '(file)', message: `cannot read ${file}: ENOENT` }] });
  });

  it('hands the text to the core parser, which names the bad field', () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'id: 42\n');
    const parsed = readPlanFile(file);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path)).toContain('id');
  });
});
