import type { Doc, Filter, PipelineStage, Update } from './document-store';

/**
 * Document operations evaluated in this process: the SQLite adapter's update
 * operators, upsert seeds, projections and the pipeline stages after its
 * leading `$match` (which runs in SQL); the MongoDB adapter's stages after a
 * `$group` it had to split for FerretDB. Only the portable subset of `../port.ts`; anything else
 * throws, so a query that would not run on MongoDB fails in the contract suite.
 */

type Plain = Record<string, unknown>;

export function getPath(doc: unknown, dotted: string): unknown {
  let value: unknown = doc;
  for (const part of dotted.split('.')) {
    if (Array.isArray(value)) {
      // MongoDB reads a path through an array as the list of each element's value.
      const inner = value.map((v) => (v !== null && typeof v === 'object' ? (v as Plain)[part] : undefined)).filter((v) => v !== undefined);
      value = inner;
      continue;
    }
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Plain)[part];
  }
  return value;
}

function setPath(doc: Plain, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[part] = {};
    target = target[part] as Plain;
  }
  target[parts[parts.length - 1]!] = value;
}

function unsetPath(doc: Plain, dotted: string): void {
  const parts = dotted.split('.');
  let target: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (target === null || typeof target !== 'object') return;
    target = (target as Plain)[part];
  }
  if (target !== null && typeof target === 'object') delete (target as Plain)[parts[parts.length - 1]!];
}

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Applies `$set $unset $inc $push $max $min` in place; returns whether the document changed. */
export function applyUpdate(doc: Doc, update: Update): boolean {
  const before = JSON.stringify(doc);
  for (const [op, fields] of Object.entries(update)) {
    for (const [field, operand] of Object.entries(fields)) {
      if (field === '_id' && op !== '$setOnInsert') throw new TypeError('an update may not change _id');
      const current = getPath(doc, field);
      switch (op) {
        case '$set':
        case '$setOnInsert':
          setPath(doc, field, copy(operand));
          break;
        case '$unset':
          unsetPath(doc, field);
          break;
        case '$inc':
          if (typeof operand !== 'number') throw new TypeError(`$inc on ${field} needs a number`);
          if (current !== undefined && typeof current !== 'number') throw new TypeError(`$inc on non-numeric field ${field}`);
          setPath(doc, field, ((current as number | undefined) ?? 0) + operand);
          break;
        case '$push':
          if (current !== undefined && !Array.isArray(current)) throw new TypeError(`$push on non-array field ${field}`);
          setPath(doc, field, [...((current as unknown[] | undefined) ?? []), copy(operand)]);
          break;
        case '$max':
        case '$min':
          if (current === undefined || (op === '$max' ? compareValues(operand, current) > 0 : compareValues(operand, current) < 0)) setPath(doc, field, copy(operand));
          break;
        default:
          throw new TypeError(`unsupported update operator ${op}`);
      }
    }
  }
  return JSON.stringify(doc) !== before;
}

/** The document an upsert starts from: the filter's plain equalities. */
export function seedFromFilter(filter: Filter): Plain {
  const seed: Plain = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'))) continue;
    setPath(seed, key, copy(value));
  }
  return seed;
}

/** Inclusion (`{a: 1}`, `_id` kept unless `_id: 0`) or exclusion (`{a: 0}`) of stored fields. */
export function project<T extends Plain>(doc: T, projection: Record<string, 0 | 1> | undefined): T {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const entries = Object.entries(projection);
  const including = entries.some(([k, v]) => k !== '_id' && v === 1) || (entries.length === 1 && projection._id === 1);
  if (!including) {
    const out = { ...doc } as Plain;
    for (const [k] of entries) unsetPath(out, k);
    return out as T;
  }
  const out: Plain = {};
  if (projection._id !== 0 && '_id' in doc) out._id = doc._id;
  for (const [k, v] of entries) {
    if (k === '_id' || v !== 1) continue;
    const value = getPath(doc, k);
    if (value !== undefined) setPath(out, k, value);
  }
  return out as T;
}

const TYPE_ORDER = (v: unknown): number => {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'object') return 3;
  if (typeof v === 'boolean') return 5;
  return 6;
};

/** MongoDB's order across types: null, numbers, strings, objects, arrays, booleans. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = TYPE_ORDER(a);
  const tb = TYPE_ORDER(b);
  if (ta !== tb) return ta - tb;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function sortRows(rows: Plain[], sort: Record<string, 1 | -1>): Plain[] {
  const keys = Object.entries(sort);
  return [...rows].sort((x, y) => {
    for (const [field, dir] of keys) {
      const c = compareValues(getPath(x, field), getPath(y, field));
      if (c !== 0) return dir === -1 ? -c : c;
    }
    return 0;
  });
}

const fieldRef = (expr: unknown): string | null => (typeof expr === 'string' && expr.startsWith('$') ? expr.slice(1) : null);

function group(rows: Plain[], spec: Record<string, unknown>): Plain[] {
  const { _id: idSpec, ...accumulators } = spec;
  const keyOf = (row: Plain): unknown => {
    if (idSpec === null || idSpec === undefined) return null;
    const single = fieldRef(idSpec);
    if (single !== null) return getPath(row, single) ?? null;
    if (typeof idSpec === 'object' && !Array.isArray(idSpec)) {
      const key: Plain = {};
      for (const [name, expr] of Object.entries(idSpec as Plain)) {
        const ref = fieldRef(expr);
        if (ref === null) throw new TypeError('a $group key names stored fields only');
        const value = getPath(row, ref);
        if (value !== undefined) key[name] = value;
      }
      return key;
    }
    throw new TypeError('unsupported $group _id');
  };
  const sums = Object.entries(accumulators).map(([name, acc]) => {
    const op = acc as Plain;
    if (!op || typeof op !== 'object' || Object.keys(op).length !== 1 || !('$sum' in op)) throw new TypeError('$group supports $sum accumulators only');
    return [name, op.$sum] as const;
  });
  const groups = new Map<string, Plain>();
  for (const row of rows) {
    const key = keyOf(row);
    const hash = JSON.stringify(key);
    let out = groups.get(hash);
    if (!out) {
      out = { _id: key };
      for (const [name] of sums) out[name] = 0;
      groups.set(hash, out);
    }
    for (const [name, expr] of sums) {
      const ref = fieldRef(expr);
      const value = ref === null ? expr : getPath(row, ref);
      if (typeof value === 'number') out[name] = (out[name] as number) + value;
    }
  }
  return [...groups.values()];
}

function unwind(rows: Plain[], spec: unknown): Plain[] {
  const ref = fieldRef(typeof spec === 'object' && spec !== null ? (spec as Plain).path : spec);
  if (ref === null) throw new TypeError('$unwind needs a field path');
  const out: Plain[] = [];
  for (const row of rows) {
    const value = getPath(row, ref);
    if (Array.isArray(value)) {
      for (const element of value) {
        const next = copy(row);
        setPath(next, ref, element);
        out.push(next);
      }
    } else if (value !== undefined && value !== null) out.push(row);
  }
  return out;
}

/** Runs the stages after the leading `$match` on the matched documents. */
export function runStages(rows: Plain[], stages: PipelineStage[]): Plain[] {
  let out = rows;
  for (const stage of stages) {
    const [name, arg] = Object.entries(stage)[0] ?? [];
    switch (name) {
      case '$group':
        out = group(out, arg as Plain);
        break;
      case '$sort':
        out = sortRows(out, arg as Record<string, 1 | -1>);
        break;
      case '$project':
        out = out.map((r) => project(r, arg as Record<string, 0 | 1>));
        break;
      case '$unwind':
        out = unwind(out, arg);
        break;
      case '$limit':
        out = out.slice(0, arg as number);
        break;
      case '$skip':
        out = out.slice(arg as number);
        break;
      case '$count':
        out = out.length === 0 ? [] : [{ [arg as string]: out.length }];
        break;
      default:
        throw new TypeError(`unsupported pipeline stage ${String(name)} (only a leading $match filters)`);
    }
  }
  return out;
}
