import type { Clock } from '../../ports/clock.js';
import type { ModelSnapshotInfo, ModelSnapshotStore, StoredModelSnapshot } from '../../ports/model-snapshot-store.js';
import { systemClock } from '../system/system-clock.js';
import { checkKeep, encodeSnapshotInput } from '../../recommend/model-snapshot-input.js';

interface Versions {
  lastVersion: number;
  /** Oldest first; each entry keeps the JSON text, parsed afresh on every read. */
  kept: { info: ModelSnapshotInfo; json: string }[];
}

/** In-memory model snapshots: one process only, for tests and single-instance apps. */
export class MemoryModelSnapshotStore implements ModelSnapshotStore {
  readonly keep: number;
  private readonly clock: Clock;
  private readonly byName = new Map<string, Versions>();

  constructor(options: { clock?: Clock; keep?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.keep = checkKeep(options.keep);
  }

  save(input: { name: string; trainedAt: number; snapshot: unknown }): Promise<ModelSnapshotInfo> {
    // Inside then(): a validation error becomes a rejection, as from any other store.
    return Promise.resolve().then(() => {
      const { name, trainedAt, json, bytes } = encodeSnapshotInput(input);
      let versions = this.byName.get(name);
      if (!versions) this.byName.set(name, (versions = { lastVersion: 0, kept: [] }));
      const info: ModelSnapshotInfo = { name, version: ++versions.lastVersion, trainedAt, savedAt: this.clock.now(), bytes };
      versions.kept.push({ info, json });
      if (versions.kept.length > this.keep) versions.kept.splice(0, versions.kept.length - this.keep);
      return { ...info };
    });
  }

  loadLatest(name: string): Promise<StoredModelSnapshot | null> {
    const kept = this.byName.get(name)?.kept;
    const last = kept?.[kept.length - 1];
    return Promise.resolve(last ? read(last) : null);
  }

  load(name: string, version: number): Promise<StoredModelSnapshot | null> {
    const found = this.byName.get(name)?.kept.find((k) => k.info.version === version);
    return Promise.resolve(found ? read(found) : null);
  }

  list(name: string): Promise<ModelSnapshotInfo[]> {
    return Promise.resolve((this.byName.get(name)?.kept ?? []).map((k) => ({ ...k.info })).reverse());
  }
}

function read(entry: { info: ModelSnapshotInfo; json: string }): StoredModelSnapshot {
  return { ...entry.info, snapshot: JSON.parse(entry.json) as unknown };
}
