import { z } from 'zod';

export const PLACE_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/** Ids are stable slugs chosen at import (`ke-sat`, `ke-sat.dong`), never display names. */
export const PlaceIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"');

export const PlaceSchema = z.object({
  _id: PlaceIdSchema,
  level: z.enum(PLACE_LEVELS),
  name: z.string().min(1).max(120),
  /** Short code a collaborator may type (`DONG`), unique among siblings. */
  code: z.string().min(1).max(20),
  aliases: z.array(z.string().min(1).max(120)).default([]),
  parentId: PlaceIdSchema.nullable(),
  /**
   * Ancestor ids from the root down to and including this place. Stored so
   * "everything under X" is one equality match on an array, in both stores.
   */
  path: z.array(PlaceIdSchema).min(1),
  createdAt: z.string(),
  /**
   * Local date (YYYY-MM-DD) the place came into being, from the roster's
   * optional `since` column. Without it the place counts in every period of a
   * plan: when it was imported into Loa says nothing about when it existed.
   */
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /**
   * Local date (YYYY-MM-DD) a commune's data begins, set by an admin
   * (`loa data-begins`): it replaces the date Loa finds (roster import, first
   * log). Not a roster column, so a re-import keeps it.
   */
  dataBegins: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type Place = z.infer<typeof PlaceSchema>;

const allowedParents: Record<PlaceLevel, readonly (PlaceLevel | null)[]> = {
  province: [null],
  district: ['province'],
  commune: ['province', 'district', null],
  village: ['commune'],
};

export function isValidParent(level: PlaceLevel, parentLevel: PlaceLevel | null): boolean {
  return allowedParents[level].includes(parentLevel);
}
