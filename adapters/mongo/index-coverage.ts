/**
 * Whether a query is served by a declared index, from the command the driver
 * sent (command monitoring): FerretDB 1.x scans every collection, so timings
 * in CI say nothing, and this check is what stands between a new query and a
 * collection scan on MongoDB. The rule is MongoDB's ESR: an index serves a
 * query when its keys are first fields the query fixes by equality, then the
 * fields of its sort in order (all in the index's direction or all reversed),
 * then optionally one range field; its first key must bound the scan (an
 * equality or range field of the query). Conditions on fields outside the
 * index are filtered after the index narrowed the read, which is allowed.
 * Limits: `$or` is checked branch by branch; an empty filter (a whole
 * collection on purpose: a rebuild, a copy) is accepted; `_id` lookups are
 * served by the built-in index.
 */
import type { Document } from 'mongodb';
import type { MongoIndex } from './repositories/context';

/** One read or write as the server sees it: which documents (filter) in which order (sort). */
export interface QueryShape {
  collection: string;
  command: string;
  filter: Document;
  sort?: Record<string, number>;
}

/** Commands with a filter, and where each keeps it. */
export function queryShapesOf(commandName: string, command: Document): QueryShape[] {
  const collection = String(command[commandName] ?? '');
  switch (commandName) {
    case 'find':
      return [{ collection, command: commandName, filter: command['filter'] ?? {}, ...(command['sort'] ? { sort: command['sort'] } : {}) }];
    case 'findAndModify':
      return [{ collection, command: commandName, filter: command['query'] ?? {}, ...(command['sort'] ? { sort: command['sort'] } : {}) }];
    case 'count':
    case 'distinct':
      return [{ collection, command: commandName, filter: command['query'] ?? {} }];
    case 'update':
      return (command['updates'] as Document[]).map((u) => ({ collection, command: commandName, filter: u['q'] ?? {} }));
    case 'delete':
      return (command['deletes'] as Document[]).map((d) => ({ collection, command: commandName, filter: d['q'] ?? {} }));
    case 'aggregate': {
      const stages = command['pipeline'] as Document[];
      const match = stages[0]?.['$match'] as Document | undefined;
      const sort = match ? (stages[1]?.['$sort'] as Record<string, number> | undefined) : (stages[0]?.['$sort'] as Record<string, number> | undefined);
      return [{ collection, command: commandName, filter: match ?? {}, ...(sort ? { sort } : {}) }];
    }
    default:
      return [];
  }
}

type Kind = 'equality' | 'range' | 'other';

/** How a condition on one field can use an index. */
function kindOf(condition: unknown): Kind {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition) || condition instanceof Date) return 'equality';
  const ops = Object.keys(condition as Document);
  if (!ops.some((op) => op.startsWith('$'))) return 'equality';
  if (ops.every((op) => op === '$eq' || op === '$in')) return 'equality';
  if (ops.every((op) => ['$gt', '$gte', '$lt', '$lte', '$exists'].includes(op))) return 'range';
  return 'other';
}

/** The fields a filter fixes, bounds or only tests; `$and` flattened, `$or` branches apart. */
function fieldsOf(filter: Document): { fields: Map<string, Kind>; or: Document[][] } {
  const fields = new Map<string, Kind>();
  const or: Document[][] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      for (const part of value as Document[]) {
        const inner = fieldsOf(part);
        for (const [f, k] of inner.fields) fields.set(f, fields.get(f) === 'equality' ? 'equality' : k);
        or.push(...inner.or);
      }
    } else if (key === '$or') or.push(value as Document[]);
    else if (!key.startsWith('$')) fields.set(key, kindOf(value));
  }
  return { fields, or };
}

const ID_INDEX: MongoIndex = { name: '_id_', key: { _id: 1 } };

/** How many keys of one index serve fields and a sort by the ESR rule; -1 when it does not serve them. */
function serves(index: MongoIndex, fields: Map<string, Kind>, sort: [string, number][]): number {
  const keys = Object.entries(index.key);
  const first = keys[0]?.[0];
  if (!first || !(fields.get(first) === 'equality' || fields.get(first) === 'range' || (fields.size === 0 && sort[0]?.[0] === first))) return -1;
  let i = 0;
  while (i < keys.length && fields.get(keys[i]![0]) === 'equality') i++;
  // Sort keys fixed by equality are already in order; the rest must follow in the index, one direction.
  const open = sort.filter(([field]) => fields.get(field) !== 'equality');
  if (open.length > 0) {
    const flip = keys[i]?.[1] === open[0]![1] ? 1 : -1;
    for (const [field, direction] of open) {
      const key = keys[i];
      if (!key || key[0] !== field || key[1] * flip !== direction) return -1;
      i++;
    }
  }
  return i < keys.length && fields.get(keys[i]![0]) === 'range' ? i + 1 : i;
}

/** The index that serves a query shape, or null when none does. */
export function servingIndex(shape: QueryShape, indexes: MongoIndex[]): string | null {
  const { fields, or } = fieldsOf(shape.filter);
  if (or.length > 0) {
    const rest = Object.fromEntries(Object.entries(shape.filter).filter(([k]) => k !== '$or'));
    const names = or[0]!.map((branch) => servingIndex({ ...shape, filter: { ...rest, ...branch } }, indexes));
    return names.every((n) => n !== null) ? names.join('+') : null;
  }
  const sort = Object.entries(shape.sort ?? {});
  if (fields.size === 0 && sort.length === 0) return 'whole collection';
  if (fields.get('_id') === 'equality') return ID_INDEX.name;
  let best: { name: string; keys: number } | null = null;
  for (const index of [ID_INDEX, ...indexes]) {
    const keys = serves(index, fields, sort);
    if (keys >= 0 && (!best || keys > best.keys)) best = { name: index.name, keys };
  }
  return best?.name ?? null;
}

/** Every shape no declared index serves, one line each (collection, command, filter keys and sort), for a test to print. */
export function unservedQueries(shapes: QueryShape[], declarations: Record<string, MongoIndex[]>): string[] {
  const out = new Set<string>();
  for (const shape of shapes) {
    if (servingIndex(shape, declarations[shape.collection] ?? []) !== null) continue;
    out.add(`${shape.collection} ${shape.command} ${JSON.stringify(describeFilter(shape.filter))}${shape.sort ? ` sort ${JSON.stringify(shape.sort)}` : ''}`);
  }
  return [...out].sort();
}

/** A filter with its values replaced by their kind, so the line names no data. */
function describeFilter(filter: Document): Record<string, string> {
  const { fields } = fieldsOf(filter);
  return Object.fromEntries([...fields].map(([f, k]) => [f, k]));
}
