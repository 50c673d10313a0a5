import fs from 'node:fs';
import path from 'node:path';
import { gridPicture } from '../../core/charts/grid-picture';
import { echartsGridRenderer } from '../../adapters/charts/echarts-grid';
import { decodePng, inkOf } from '../support/png';
import { SCENARIO } from './scenario';
import { webHarness } from './harness';

const OUTPUT_DIR = path.join(__dirname, '..', '..', 'test-output', 'web');

/** The text nodes of an SVG, in order (ECharts writes each label line as its own <text>). */
const textsOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('the chat picture of the village × month grid', () => {
  it('labels each village with the same true state as the page, never "đứt chuỗi"', async () => {
    const h = await webHarness();
    const officer = (await h.core.repos.people.get(SCENARIO.officer.id))!; // has Telegram: gets the picture
    const report = (await h.engine.report('x', SCENARIO.now))!;
    const picture = gridPicture(h.core.i18n, { ...echartsGridRenderer, png: (model, texts) => Buffer.from(echartsGridRenderer.svg(model, texts)) })(officer, report);
    const svg = picture!.content.toString('utf8');
    const labels = textsOf(svg);
    // By hand (scenario.ts): A every month; B missed April; C's March log was cancelled; D since it joined in June; E never.
    for (const [village, state] of [['Thôn A', 'đang duy trì'], ['Thôn B', 'gián đoạn từ T4'], ['Thôn C', 'gián đoạn từ T3'], ['Thôn D', 'đang duy trì'], ['Thôn E', 'chưa có buổi nào']]) {
      const at = labels.indexOf(village!);
      expect({ village, state: labels[at + 1] }).toEqual({ village, state });
    }
    expect(svg).not.toContain('đứt chuỗi');

    // The PNG a chat gets, written for a person to look at.
    const png = gridPicture(h.core.i18n, echartsGridRenderer)(officer, report)!.content;
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, 'chat-picture-states.png'), png);
    const image = decodePng(png);
    expect(inkOf(image).ink).toBeGreaterThan(0.03);
  });
});
