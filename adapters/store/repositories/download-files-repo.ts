import type { DownloadFilesRepo, DownloadRecord } from '../../../core/repos/download-files-repo';
import { DOOR_COLLECTIONS } from '../collections';
import type { Collection, DocumentStore } from '../document-store';

export class DocumentDownloadFilesRepo implements DownloadFilesRepo {
  private readonly files: Collection<DownloadRecord>;

  constructor(store: DocumentStore) {
    this.files = store.collection(DOOR_COLLECTIONS.downloadLinks);
  }

  async insert(record: DownloadRecord): Promise<void> {
    await this.files.insertOne(record);
  }

  get(id: string): Promise<DownloadRecord | null> {
    return this.files.findOne({ _id: id });
  }

  async take(id: string): Promise<boolean> {
    return (await this.files.deleteMany({ _id: id })) > 0;
  }

  async sweepExpired(nowIso: string): Promise<void> {
    await this.files.deleteMany({ expiresAt: { $lt: nowIso } });
  }
}
