import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { createTestCore, type TestCore } from '../../support/test-core';

/**
 * The roster reads the reports and the Monday run make for every scope, on
 * SQLite: each is answered in SQL (an index range on a materialised path, a
 * DISTINCT for the staffed places), not by reading every document of a
 * subtree into JavaScript. Counted with the store's statement trace.
 */
describe('roster reads on the embedded store', () => {
  let store: OpenStorage;
  let t: TestCore;
  beforeAll(async () => {
    store = await openEmbeddedStorage();
    t = await createTestCore({ storage: store });
  });
  afterAll(async () => {
    await store.close();
  });

  async function traced<T>(fn: () => Promise<T>): Promise<{ value: T; sql: string[] }> {
    const sql: string[] = [];
    store.admin.traceStatements((s) => sql.push(s));
    try {
      return { value: await fn(), sql: sql.filter((s) => !/^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK|PRAGMA)/.test(s)) };
    } finally {
      store.admin.traceStatements(null);
    }
  }

  it('gives the staffed places under a scope from one DISTINCT over an index range, after looking up the scope', async () => {
    const { value, sql } = await traced(() => t.core.repos.people.staffedPlaceIds('hai-phong'));
    expect(value.length).toBeGreaterThan(3);
    expect(sql).toHaveLength(2);
    expect(sql[1]).toMatch(/SELECT DISTINCT p\.role_place .* p\.place_path >= \? AND p\.place_path < \?/);
  });

  it('gives a subtree in one statement, the people under a place and the staff in two (the scope, then the rows), all on typed columns', async () => {
    const subtree = await traced(() => t.core.repos.places.subtree('hai-phong', 'village'));
    expect(subtree.value.every((p) => p.level === 'village')).toBe(true);
    expect(subtree.sql).toHaveLength(1);
    const under = await traced(() => t.core.repos.people.under('ke-sat', 'collaborator'));
    expect(under.value.length).toBeGreaterThan(0);
    const staff = await traced(() => t.core.repos.people.staff('hai-phong'));
    expect(staff.value.length).toBeGreaterThan(0);
    // The scope's path, then the rows.
    expect([under.sql.length, staff.sql.length]).toEqual([2, 2]);
    for (const sql of [...subtree.sql, ...under.sql, ...staff.sql]) expect(sql).not.toMatch(/\bdoc\b/);
  });
});
