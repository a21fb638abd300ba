import type { Replayable } from './replay.js';

/** What is known about one saved snapshot, without the (possibly several MB) snapshot itself. */
export interface ModelSnapshotInfo {
  /** The model's name, e.g. `default` or `storefront-eu`: each name has its own versions. */
  name: string;
  /** Given by the store on save: 1, 2, 3... per name, never reused, even after old versions are dropped. */
  version: number;
  /** When the model was trained, epoch ms (the snapshot's own `trainedAt`). */
  trainedAt: number;
  /** When it was saved, epoch ms, from the store's Clock. */
  savedAt: number;
  /** Size of the stored JSON text in UTF-8 bytes. */
  bytes: number;
}

/** One saved snapshot with its data, as read back (a fresh copy on every read). */
export interface StoredModelSnapshot extends ModelSnapshotInfo {
  /** The JSON-safe snapshot exactly as saved (e.g. `RecommendationEngine.exportModel()`'s result). */
  snapshot: unknown;
}

/**
 * Where trained models are kept so that one process trains and many serve: the trainer
 * saves `exportModel()` under a name, every server loads the latest and `importModel`s it.
 * Snapshots are stored as JSON text; each member is one store step (one Lua script on
 * Redis), so a reader never sees a version without its data, and concurrent saves under one
 * name get distinct versions. `save` is safe to replay with its `opId` (ports/replay.ts): sent
 * again, it makes no second version and answers the first one's info. Every string must be
 * well-formed Unicode (else VALIDATION_FAILED).
 */
export interface ModelSnapshotStore {
  /** How many versions each name keeps: a save beyond that drops the oldest versions of that name. */
  readonly keep: number;
  /**
   * Saves a snapshot as the newest version of `name` and drops versions beyond `keep`.
   * `VALIDATION_FAILED` (and nothing written) for an empty name, a non-finite `trainedAt`, or a
   * snapshot that is not JSON-serializable.
   */
  save(input: { name: string; trainedAt: number; snapshot: unknown } & Replayable): Promise<ModelSnapshotInfo>;
  /** The newest saved version of `name` (highest version, i.e. the last saved), or null if none. */
  loadLatest(name: string): Promise<StoredModelSnapshot | null>;
  /** One given version of `name`, or null if it was never saved or has been dropped. */
  load(name: string, version: number): Promise<StoredModelSnapshot | null>;
  /** The versions of `name` still kept, newest first (empty for an unknown name). */
  list(name: string): Promise<ModelSnapshotInfo[]>;
}
