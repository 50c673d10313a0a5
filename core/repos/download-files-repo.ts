/** Files behind one-time download links (XUAT by Zalo, pictures): the port, implemented in adapters/. */

export interface DownloadRecord {
  _id: string;
  personId: string;
  filename: string;
  mimeType: string;
  /** The file, base64: exports are tens of kilobytes and live minutes. */
  content: string;
  expiresAt: string;
  createdAt: string;
  /** Pictures handed to Zalo by URL stay until they expire: the platform may fetch them more than once. */
  reusable?: boolean;
  [key: string]: unknown;
}

/** The files behind the links, shared by every Loa process (implemented in adapters/store/repositories/download-files-repo.ts). */
export interface DownloadFilesRepo {
  insert(record: DownloadRecord): Promise<void>;
  get(id: string): Promise<DownloadRecord | null>;
  /** Removes a file: true only for the one caller whose removal took it (single use). */
  take(id: string): Promise<boolean>;
  /** Removes every file that expired before `nowIso`. */
  sweepExpired(nowIso: string): Promise<void>;
}
