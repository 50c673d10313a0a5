import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';

/**
 * On SQLite the sender lookup and the place reads come from a cache: a
 * roster change must reach the very next message, whether this process
 * made it or another one did (a CLI import on the same `loa.db`).
 */
describe('the roster cache on the embedded store', () => {
  let dir: string;
  let t: TestCore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-roster-cache-'));
    t = await createTestCore({ storage: await openEmbeddedStorage({ dataDir: dir }) });
  });
  afterEach(async () => {
    await t.storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a collaborator removed by another process (a CLI import) is refused at their next message', async () => {
    const { send } = smsInto(() => t);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon')).reply?.key).toBe('log.saved');
    expect((await send(DEMO.collaboratorDong.phone, 'TT 31 loa')).reply?.key).toBe('log.saved');
    const cli = await openEmbeddedStorage({ dataDir: dir });
    expect(await cli.repos.people.remove(DEMO.collaboratorDong.id)).toBe(true);
    await cli.close();
    expect((await send(DEMO.collaboratorDong.phone, 'TT 32 hop thon')).reply?.key).toBe('unregistered');
  });

  it('a collaborator removed in this process is refused at their next message, and one added is let in', async () => {
    const { send } = smsInto(() => t);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon')).reply?.key).toBe('log.saved');
    expect((await send(DEMO.unregisteredPhone, 'XEM')).reply?.key).toBe('unregistered');
    const dong = (await t.core.repos.people.get(DEMO.collaboratorDong.id))!;
    await t.core.repos.people.remove(dong._id);
    expect((await send(DEMO.collaboratorDong.phone, 'TT 31 hop thon')).reply?.key).toBe('unregistered');
    await t.core.repos.people.insert({ ...dong, _id: 'ctv-new', phone: DEMO.unregisteredPhone });
    t.clock.advance(60_000);
    expect((await send(DEMO.unregisteredPhone, 'TT 12 hop thon')).reply?.key).toBe('log.saved');
  });

  it('a person handed out by the cache is a copy: changing it changes nothing stored or cached', async () => {
    const first = (await t.core.repos.people.findByPhone(DEMO.collaboratorDong.phone))!;
    first.name = 'changed by a caller';
    expect((await t.core.repos.people.findByPhone(DEMO.collaboratorDong.phone))!.name).not.toBe('changed by a caller');
  });
});
