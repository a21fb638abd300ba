import type { Clock } from '../../ports/clock.js';
import type { ModelSnapshotInfo, ModelSnapshotStore, StoredModelSnapshot } from '../../ports/model-snapshot-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import { checkKeep, encodeSnapshotInput } from '../../recommend/model-snapshot-input.js';
import { ReplayLog } from './replay-log.js';

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
  private readonly replays = new ReplayLog();

  constructor(options: { clock?: Clock; keep?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.keep = checkKeep(options.keep);
  }

  async save(input: { name: string; trainedAt: number; snapshot: unknown } & Replayable): Promise<ModelSnapshotInfo> {
    assertWellFormed(input, 'ModelSnapshotStore.save');
    const first = this.replays.answered<ModelSnapshotInfo>(input.opId);
    if (first !== undefined) return first;
    const { name, trainedAt, json, bytes } = encodeSnapshotInput(input);
    let versions = this.byName.get(name);
    if (!versions) this.byName.set(name, (versions = { lastVersion: 0, kept: [] }));
    const info: ModelSnapshotInfo = { name, version: ++versions.lastVersion, trainedAt, savedAt: this.clock.now(), bytes };
    versions.kept.push({ info, json });
    if (versions.kept.length > this.keep) versions.kept.splice(0, versions.kept.length - this.keep);
    return this.replays.remember(input.opId, { ...info });
  }

  async loadLatest(name: string): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.loadLatest');
    const kept = this.byName.get(name)?.kept;
    const last = kept?.[kept.length - 1];
    return last ? read(last) : null;
  }

  async load(name: string, version: number): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.load');
    const found = this.byName.get(name)?.kept.find((k) => k.info.version === version);
    return found ? read(found) : null;
  }

  async list(name: string): Promise<ModelSnapshotInfo[]> {
    assertWellFormed(name, 'ModelSnapshotStore.list');
    return (this.byName.get(name)?.kept ?? []).map((k) => ({ ...k.info })).reverse();
  }
}

function read(entry: { info: ModelSnapshotInfo; json: string }): StoredModelSnapshot {
  return { ...entry.info, snapshot: JSON.parse(entry.json) as unknown };
}
