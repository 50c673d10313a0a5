import { openEmbeddedStore } from '../../../adapters/sqlite/embedded-store';

/**
 * The re-send check runs on every TT: "did this person send the same content
 * in the last minutes?". With only (person, created_at) to go on, SQLite read
 * each of the person's logs in the window and compared its content; a busy
 * sender (or a bench with a frozen clock) paid for all of them. Migration 8's
 * partial index makes it one seek.
 */
describe('the re-send check on the embedded store', () => {
  it('is answered by a seek on (person, content, time) over live logs, not by reading the person\'s recent logs', async () => {
    const store = openEmbeddedStore();
    try {
      const sql =
        'EXPLAIN QUERY PLAN SELECT l.id FROM logs l WHERE l.person_id = ? AND l.content_key = ? AND l.cancelled_at IS NULL AND l.created_at >= ? ORDER BY l.created_at DESC LIMIT 1';
      const plan = (store.statement(sql).all('p', 'k', '2026-01-01') as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/USING (COVERING )?INDEX logs_person_content \(person_id=\? AND content_key=\? AND created_at>\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      await store.close();
    }
  });
});
