/** Why an uploaded roster file is not read at all (each has its sentence in `web:roster.file_error`). */
export type RosterFileError = 'file_type' | 'unreadable_xlsx' | 'empty_xlsx' | 'too_many_rows';

export type RosterFile = { ok: true; csv: string; kind: 'csv' | 'xlsx' } | { ok: false; error: RosterFileError };

/**
 * The roster's text as CSV from an uploaded `.csv` or `.xlsx`: the port the web
 * door reads uploads through (exceljs's streaming reader in adapters/office/).
 */
export type RosterFileReader = (file: { originalname: string; buffer: Buffer }) => Promise<RosterFile>;

/** A roster is a few thousand rows; more is not a roster (and a small zip may unpack into a huge sheet). */
export const MAX_ROSTER_ROWS = 20_000;
