import type { ModelSnapshotInfo, ModelSnapshotStore } from '../ports/model-snapshot-store.js';
import type { RecommendationEngine } from './recommendation-engine.js';

/**
 * Saves the engine's trained model as the newest version of `name` (the training process).
 * `MODEL_NOT_TRAINED` if the engine has no model; the store's errors otherwise.
 */
export async function saveModel(engine: RecommendationEngine, store: ModelSnapshotStore, name = 'default'): Promise<ModelSnapshotInfo> {
  const snapshot = await engine.exportModel();
  return store.save({ name, trainedAt: snapshot.trainedAt, snapshot });
}

/**
 * Imports the newest saved version of `name` into the engine (each serving process) and
 * answers its info, or null (engine untouched) when nothing is saved under that name.
 * `MODEL_INCOMPATIBLE` if the stored snapshot cannot be read by this engine.
 */
export async function loadModel(engine: RecommendationEngine, store: ModelSnapshotStore, name = 'default'): Promise<ModelSnapshotInfo | null> {
  const latest = await store.loadLatest(name);
  if (!latest) return null;
  await engine.importModel(latest.snapshot);
  const { snapshot: _omitted, ...info } = latest;
  return info;
}
