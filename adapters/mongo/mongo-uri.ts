/**
 * Reading a MongoDB connection string without the driver's parser, for two
 * small needs: the database it names, and a description that is safe to log.
 * The driver keeps passwords in the URI, and logs end up in places passwords
 * must never go.
 */

/** Query parameters worth showing in logs; anything else may hold secrets. */
const SAFE_PARAMS = new Set(['replicaSet', 'authSource', 'tls', 'ssl', 'directConnection', 'readPreference']);

interface UriParts {
  scheme: string;
  hosts: string;
  database: string | undefined;
  params: URLSearchParams;
}

function splitUri(uri: string): UriParts {
  const match = /^(mongodb(?:\+srv)?):\/\/(?:[^@/?]*@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri.trim());
  if (!match) throw new Error('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const [, scheme = 'mongodb', hosts = '', path, query] = match;
  const database = path ? decodeURIComponent(path) : undefined;
  return { scheme, hosts, database: database || undefined, params: new URLSearchParams(query ?? '') };
}

/** The database named in the URI path (`mongodb://host/loa` → `loa`), if any. */
export function databaseFromUri(uri: string): string | undefined {
  return splitUri(uri).database;
}

/** `mongodb://mongo:27017/loa?replicaSet=rs0`, with user, password and unknown parameters left out. */
export function describeUri(uri: string, database: string): string {
  const { scheme, hosts, params } = splitUri(uri);
  const shown = [...params].filter(([key]) => SAFE_PARAMS.has(key));
  const query = shown.length ? `?${shown.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
  return `${scheme}://${hosts}/${database}${query}`;
}
