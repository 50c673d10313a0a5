import { repositoriesOn } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import path from 'node:path';
import { createPlanAdmin } from '../../../core/plans/plan-admin';
import { PRESETS_DIR } from '../../../app/plan-files';
import { DEMO } from '../../support/test-core';
import { createBotHarness, type BotHarness } from './harness';

const ADMIN_TG = 7001;
const OFFICER_TG = 7002;
const OTHER_OFFICER_TG = 7003;
const COLLABORATOR_TG = 7004;

describe('loading a plan by sending its file to the bot', () => {
  let h: BotHarness;
  const files = new Map<string, string>();
  beforeEach(async () => {
    files.clear();
    h = await createBotHarness({
      bot: (test) => ({
        plans: createPlanAdmin({ plans: test.core.repos.plans, places: test.core.repos.places, clock: test.clock }),
        downloadFile: async (filePath) => Buffer.from(files.get(filePath.replace('documents/file-', '')) ?? '', 'utf8'),
      }),
    });
    await h.link(DEMO.admin.id, ADMIN_TG);
    await h.link(DEMO.officer.id, OFFICER_TG);
    await h.link(DEMO.otherOfficer.id, OTHER_OFFICER_TG);
    await h.link(DEMO.collaboratorDong.id, COLLABORATOR_TG);
  });
  afterEach(async () => {
    await h.storage.close();
  });

  const upload = async (userId: number, name: string, content: string) => {
    files.set(name, content);
    await h.send(h.updates.document(userId, name, Buffer.byteLength(content)));
    return h.api.texts(userId).at(-1);
  };
  const preset = fs.readFileSync(path.join(PRESETS_DIR, 'ke-sat-2026.yaml'), 'utf8');

  it('an admin who sends the Kẻ Sắt plan file gets it stored and a confirmation naming it', async () => {
    const text = await upload(ADMIN_TG, 'ke-sat-2026.yaml', preset);
    expect(text).toMatch(/^Đã nạp kế hoạch ke-sat-2026 cho Xã Kẻ Sắt: \d+ chỉ tiêu/);
    expect(await h.storage.repos.plans.get('ke-sat-2026')).not.toBeNull();
  });

  it('sending it again replaces the stored version', async () => {
    await upload(ADMIN_TG, 'ke-sat-2026.yaml', preset);
    expect(await upload(OFFICER_TG, 'ke-sat-2026.yaml', preset)).toMatch(/^Đã cập nhật kế hoạch ke-sat-2026/);
  });

  it('an officer of another commune cannot load a plan for Kẻ Sắt', async () => {
    expect(await upload(OTHER_OFFICER_TG, 'ke-sat-2026.yaml', preset)).toBe('Kế hoạch này thuộc Xã Kẻ Sắt, ngoài phạm vi của bạn.');
    expect(await h.storage.repos.plans.get('ke-sat-2026')).toBeNull();
  });

  it('a broken plan file is answered with the path of the bad field and nothing is stored', async () => {
    const text = await upload(ADMIN_TG, 'bad.yaml', preset.replace('percent: 100', 'percent: lots'));
    expect(text).toMatch(/^Tệp kế hoạch chưa đúng \(1 lỗi\): targets\[0\]\.percent/);
    expect(await h.storage.repos.plans.get('ke-sat-2026')).toBeNull();
  });

  it('a file that is not a plan file is refused without downloading it', async () => {
    expect(await upload(ADMIN_TG, 'photo.jpg', 'x')).toBe('Loa chỉ nhận tệp kế hoạch .yaml, .yml hoặc .json.');
  });

  it('a collaborator who sends a file gets the text-only hint, not a plan reply', async () => {
    const text = await upload(COLLABORATOR_TG, 'ke-sat-2026.yaml', preset);
    expect(text).not.toMatch(/kế hoạch/);
    expect(await h.storage.repos.plans.get('ke-sat-2026')).toBeNull();
  });
});

describe('createPlanAdmin', () => {
  it('refuses a file larger than 256 KB before parsing it', async () => {
    const h = await createBotHarness();
    const admin = createPlanAdmin({ plans: h.core.repos.plans, places: h.core.repos.places, clock: h.clock });
    const person = (await h.core.repos.people.get(DEMO.admin.id))!;
    expect(await admin.importText(person, 'x'.repeat(300 * 1024))).toEqual({ key: 'plans:too_big', values: { maxKb: 256 } });
    await h.storage.close();
  });
});
