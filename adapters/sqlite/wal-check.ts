/**
 * What SQLite's recovery would silently drop from a write-ahead log. On open,
 * SQLite replays WAL frames up to the first one whose running checksum fails
 * and ignores the rest without a word: a flipped byte in the middle of the WAL
 * after a crash loses every commit after it, acknowledged or not. Read before
 * SQLite opens the file, the frames after the break that still carry the WAL's
 * salts are commits of this WAL that will be lost: counted, so the loss is said.
 * Format: https://www.sqlite.org/fileformat2.html#walformat
 */
import fs from 'node:fs';

export interface WalInspection {
  /** Commit frames SQLite will replay. */
  replayed: number;
  /** Commit frames of this WAL after a damaged frame (or all of them, if the header is damaged): lost at open. */
  lost: number;
  /** The first damaged frame (0-based), or null. */
  damagedFrame: number | null;
}

const HEADER = 32;
const FRAME_HEADER = 24;

/** Running checksum of SQLite's WAL over 32-bit words, in the byte order the WAL's magic names. */
function checksum(buf: Buffer, start: number, end: number, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = start; i < end; i += 8) {
    const a = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
    const b = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
    s0 = (s0 + a + s1) >>> 0;
    s1 = (s1 + b + s0) >>> 0;
  }
  return [s0, s1];
}

/** A WAL whose tail SQLite is about to drop: how much, and where a copy of it was kept. */
export interface WalDamage extends WalInspection {
  keptAs: string;
}

/**
 * Inspects `DB-wal` before SQLite opens `DB`; when commits would be lost, keeps
 * a copy of the WAL beside it (SQLite's recovery and the next checkpoint
 * overwrite it) and returns what is lost.
 */
export function walDamageBeforeOpen(file: string, now = new Date()): WalDamage | null {
  const wal = `${file}-wal`;
  const inspection = inspectWal(wal);
  if (!inspection || inspection.lost === 0) return null;
  const keptAs = `${wal}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(wal, keptAs);
  return { ...inspection, keptAs };
}

export function walDamageMessage(file: string, damage: WalDamage): string {
  return `the write-ahead log of ${file} is damaged at frame ${damage.damagedFrame}: SQLite keeps the ${damage.replayed} commit(s) before it and drops the ${damage.lost} after it, which may include acknowledged session logs. A copy of the damaged log is kept as ${damage.keptAs}. Compare with the latest backup (npm run loa -- check; restore if needed)`;
}

export function inspectWal(walFile: string): WalInspection | null {
  if (!fs.existsSync(walFile)) return null;
  const buf = fs.readFileSync(walFile);
  if (buf.length < HEADER) return null;
  const magic = buf.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = magic === 0x377f0683;
  const pageSize = buf.readUInt32BE(8);
  const frameSize = FRAME_HEADER + pageSize;
  const salts = [buf.readUInt32BE(16), buf.readUInt32BE(20)];
  const frames = Math.floor((buf.length - HEADER) / frameSize);
  const isCommit = (i: number): boolean => buf.readUInt32BE(HEADER + i * frameSize + 4) !== 0;
  const ourSalt = (i: number): boolean => buf.readUInt32BE(HEADER + i * frameSize + 8) === salts[0] && buf.readUInt32BE(HEADER + i * frameSize + 12) === salts[1];
  let sum = checksum(buf, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== buf.readUInt32BE(24) || sum[1] !== buf.readUInt32BE(28)) {
    let lost = 0;
    for (let i = 0; i < frames; i++) if (isCommit(i)) lost++;
    return { replayed: 0, lost, damagedFrame: lost > 0 ? 0 : null };
  }
  let replayed = 0;
  for (let i = 0; i < frames; i++) {
    const at = HEADER + i * frameSize;
    if (!ourSalt(i)) {
      // Frames of an earlier WAL generation end this one, unless later frames are ours again (this frame's salt was hit).
      let lost = 0;
      for (let j = i + 1; j < frames; j++) if (ourSalt(j) && isCommit(j)) lost++;
      return lost > 0 ? { replayed, lost, damagedFrame: i } : { replayed, lost: 0, damagedFrame: null };
    }
    sum = checksum(buf, at, at + 8, bigEndian, sum);
    sum = checksum(buf, at + FRAME_HEADER, at + frameSize, bigEndian, sum);
    if (sum[0] !== buf.readUInt32BE(at + 16) || sum[1] !== buf.readUInt32BE(at + 20)) {
      let lost = 0;
      for (let j = i; j < frames; j++) if (ourSalt(j) && isCommit(j)) lost++;
      return { replayed, lost, damagedFrame: i };
    }
    if (isCommit(i)) replayed++;
  }
  return { replayed, lost: 0, damagedFrame: null };
}
