import type { Filter, Sort } from '../store/document-store';

/**
 * Translates the portable filter subset (see `../port.ts`) into SQL over a
 * table of JSON documents (`id TEXT PRIMARY KEY, doc TEXT`). Field paths are
 * inlined as literals, never bound, so a condition reads exactly like the
 * expression an index was built on and SQLite uses that index.
 */
export interface SqlWhere {
  sql: string;
  params: unknown[];
}

/**
 * How a field may be compared. `scalar`: promised never to hold an array (it is
 * a key of an expression index), so `json_extract(...) = ?` is enough and
 * indexable. Any other field may hold an array whose elements match, as in
 * MongoDB, which costs a `json_each` per row.
 */
export interface FieldKinds {
  scalar: ReadonlySet<string>;
  /** Array fields with an element table (`value`, `id`) kept by triggers: SQLite's multikey index. */
  arrays: ReadonlyMap<string, string>;
}

const NAME = /^[A-Za-z0-9_]+$/;

export function jsonPath(field: string): string {
  const parts = field.split('.');
  for (const part of parts) if (!NAME.test(part)) throw new TypeError(`unsupported field name in a query: ${JSON.stringify(field)}`);
  return `'$.${parts.join('.')}'`;
}

export const extract = (field: string): string => `json_extract(doc, ${jsonPath(field)})`;
const type = (field: string): string => `json_type(doc, ${jsonPath(field)})`;

/** A condition that is false, never NULL, when the field is missing: safe to negate. */
const negate = (sql: string): string => `NOT IFNULL((${sql}), 0)`;

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'));

export function whereSql(filter: Filter, kinds: FieldKinds): SqlWhere {
  const params: unknown[] = [];
  const sql = conjunction(filter, kinds, params);
  return { sql, params };
}

function conjunction(filter: Filter, kinds: FieldKinds, params: unknown[]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${key} needs a non-empty array`);
      const inner = value.map((f: Filter) => `(${conjunction(f, kinds, params)})`);
      parts.push(inner.join(key === '$and' ? ' AND ' : ' OR '));
    } else if (key.startsWith('$')) {
      throw new TypeError(`unsupported filter operator ${key}`);
    } else if (isOperatorObject(value)) {
      for (const [op, operand] of Object.entries(value)) parts.push(operator(key, op, operand, kinds, params));
    } else {
      parts.push(equals(key, value, kinds, params));
    }
  }
  return parts.length === 0 ? '1' : parts.map((p) => `(${p})`).join(' AND ');
}

function equals(field: string, value: unknown, kinds: FieldKinds, params: unknown[]): string {
  if (field === '_id') {
    params.push(value);
    return 'id = ?';
  }
  if (value === null || value === undefined) return `${type(field)} IS NULL OR ${type(field)} = 'null'`;
  if (typeof value === 'boolean') {
    const t = value ? 'true' : 'false';
    if (kinds.scalar.has(field)) return `${type(field)} = '${t}'`;
    return `EXISTS (SELECT 1 FROM json_each(doc, ${jsonPath(field)}) WHERE type = '${t}')`;
  }
  if (typeof value === 'object') {
    // A whole array or sub-document: equal as minified JSON text (same key order, as in MongoDB).
    params.push(JSON.stringify(value));
    return `${extract(field)} = json(?)`;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`unsupported value in a filter on ${field}`);
  params.push(value);
  if (kinds.scalar.has(field)) return `${extract(field)} = ?`;
  const elements = kinds.arrays.get(field);
  if (elements) return `id IN (SELECT id FROM "${elements}" WHERE value = ?)`;
  // json_each over a scalar yields the scalar itself, so this matches both shapes.
  return `EXISTS (SELECT 1 FROM json_each(doc, ${jsonPath(field)}) WHERE value = ? AND type NOT IN ('array', 'object'))`;
}

function operator(field: string, op: string, operand: unknown, kinds: FieldKinds, params: unknown[]): string {
  switch (op) {
    case '$ne':
      return negate(equals(field, operand, kinds, params));
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) throw new TypeError(`${op} needs an array`);
      const any = operand.length === 0 ? '0' : operand.map((v) => `(${equals(field, v, kinds, params)})`).join(' OR ');
      return op === '$in' ? any : negate(any);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const cmp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
      const column = field === '_id' ? 'id' : extract(field);
      if (typeof operand === 'string') {
        params.push(operand);
        return field === '_id' ? `id ${cmp} ?` : `${column} ${cmp} ? AND ${type(field)} = 'text'`;
      }
      if (typeof operand === 'number') {
        params.push(operand);
        return `${column} ${cmp} ? AND ${type(field)} IN ('integer', 'real')`;
      }
      throw new TypeError(`${op} on ${field} needs a string or a number`);
    }
    case '$exists':
      if (field === '_id') return operand ? '1' : '0';
      return operand ? `${type(field)} IS NOT NULL` : `${type(field)} IS NULL`;
    default:
      throw new TypeError(`unsupported filter operator ${op}`);
  }
}

export function orderBySql(sort: Sort | undefined): string {
  if (!sort || Object.keys(sort).length === 0) return '';
  const terms = Object.entries(sort).map(([field, dir]) => `${field === '_id' ? 'id' : extract(field)} ${dir === -1 ? 'DESC' : 'ASC'}`);
  return ` ORDER BY ${terms.join(', ')}`;
}
