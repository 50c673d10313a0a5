import type { SessionRecord, WebSessionsRepo } from '../../../core/repos/web-sessions-repo';
import { DOOR_COLLECTIONS } from '../collections';
import type { Collection, DocumentStore } from '../document-store';

export class DocumentWebSessionsRepo implements WebSessionsRepo {
  private readonly sessions: Collection<SessionRecord>;
  private readonly secrets: Collection<{ _id: string; value: string }>;

  constructor(store: DocumentStore) {
    this.sessions = store.collection(DOOR_COLLECTIONS.webSessions);
    this.secrets = store.collection(DOOR_COLLECTIONS.webSecrets);
  }

  async insert(record: SessionRecord): Promise<void> {
    await this.sessions.insertOne(record);
  }

  get(id: string): Promise<SessionRecord | null> {
    return this.sessions.findOne({ _id: id });
  }

  async remove(id: string): Promise<void> {
    await this.sessions.deleteMany({ _id: id });
  }

  async secret(name: string, make: () => string): Promise<string> {
    await this.secrets.updateOne({ _id: name }, { $setOnInsert: { value: make() } }, { upsert: true });
    return (await this.secrets.findOne({ _id: name }))!.value;
  }
}
