import type { Counter, CountersRepo } from '../../../core/repos/inbound-repo';
import type { EmbeddedStore } from '../embedded-store';

interface CounterRow {
  id: string;
  count: number;
  expires_at: string;
  fields: string;
}

/**
 * Counters on their typed SQLite table (migration 1). An increment is one
 * statement (an upsert that returns the new count), so each count goes to
 * exactly one caller without the read-then-conditional-update of the
 * document layer: SQLite runs one writer at a time.
 */
export class SqliteCountersRepo implements CountersRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async increment(id: string, expiresAt: Date): Promise<number> {
    const expires = expiresAt.toISOString();
    return this.store.write('counters', () => {
      const row = this.store
        .statement('INSERT INTO counters (id, count, expires_at) VALUES (?, 1, ?) ON CONFLICT (id) DO UPDATE SET count = count + 1, expires_at = excluded.expires_at RETURNING count')
        .get(id, expires) as { count: number };
      return Number(row.count);
    }, false, true);
  }

  async get(id: string): Promise<Counter | null> {
    const row = this.store.read(() => this.store.statement('SELECT id, count, expires_at, fields FROM counters WHERE id = ?').get(id) as CounterRow | undefined);
    return row ? decodeCounter(row) : null;
  }

  async claim(id: string, field: string, value: string, expiresAt: Date): Promise<boolean> {
    const path = `$."${field.replace(/"/g, '')}"`;
    return this.store.write('counters', () => {
      this.store.statement("INSERT INTO counters (id, count, expires_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING").run(id, expiresAt.toISOString());
      const changed = this.store
        .statement('UPDATE counters SET fields = json_set(fields, ?, ?) WHERE id = ? AND json_extract(fields, ?) IS NOT ?')
        .run(path, value, id, path, value);
      return changed.changes === 1;
    });
  }

  async deleteExpired(now: Date): Promise<number> {
    return this.store.write('counters', () => this.store.statement('DELETE FROM counters WHERE expires_at < ?').run(now.toISOString()).changes);
  }
}

/** The one place a counters row becomes a Counter (the decode point for row validation). */
export function decodeCounter(row: CounterRow): Counter {
  return { _id: row.id, count: Number(row.count), expiresAt: row.expires_at, ...(JSON.parse(row.fields) as Record<string, unknown>) };
}
