import { z } from 'zod';

/**
 * The kinds of environment value every settings object uses (app/config.ts and
 * each door's `settings.ts`): unset and empty mean the default, so compose's
 * `${NAME:-}` works everywhere.
 */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1' || v === 'yes'));
export const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).optional().default(fallback);
/** A number with no default: unset or empty (compose's `${NAME:-}`) is undefined. */
export const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional());
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
export const optionalUrl = optionalString.pipe(z.string().url().optional());

/** What every door's checks may read besides its own settings. */
export interface SharedSettings {
  NODE_ENV: 'development' | 'production' | 'test';
  PUBLIC_URL?: string | undefined;
}

/**
 * A door's settings, declared in its folder and merged into the config by
 * app/config.ts for every registered door: its fields (environment names),
 * which of them are secrets (never logged; no `.env.example` placeholder in
 * production), and the problems a whole config can have for it.
 */
export interface DoorSettings<S extends z.ZodRawShape = z.ZodRawShape> {
  fields: z.ZodObject<S>;
  secrets: readonly (keyof S & string)[];
  problems?(config: z.infer<z.ZodObject<S>> & SharedSettings): string[];
}

/** Declares a door's settings with their types kept (the config's type is the sum of them). */
export function doorSettings<S extends z.ZodRawShape>(settings: DoorSettings<S>): DoorSettings<S> {
  return settings;
}
