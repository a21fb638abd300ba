import { afterEach, describe, expect, it } from 'vitest';
import { MemoryInteractionStore, MemoryModelSnapshotStore, loadModel, RecommendationEngine, saveModel } from '../../src/index.js';
import { CommerceError } from '../../src/shared/errors.js';
import { modelSnapshotStoreConformance } from '../../src/testing/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { NOW, fixtureEngine, ids } from './fixtures.js';

modelSnapshotStoreConformance({ name: 'memory', make: ({ clock }) => ({ store: new MemoryModelSnapshotStore({ clock }) }) }, { describe, it, afterEach });
modelSnapshotStoreConformance({ name: 'memory, keep 1', make: ({ clock }) => ({ store: new MemoryModelSnapshotStore({ clock, keep: 1 }) }) }, { describe, it, afterEach });

describe('saveModel / loadModel', () => {
  it('one engine trains and saves, another loads the latest and answers the same', async () => {
    const store = new MemoryModelSnapshotStore({ clock: new ManualClock(NOW) });
    // Trainer and server share the interaction log, as processes sharing Redis would.
    const interactions = new MemoryInteractionStore();
    const { engine: trainer } = await fixtureEngine({ interactions });
    await trainer.train();
    const saved = await saveModel(trainer, store);
    expect(saved).toMatchObject({ name: 'default', version: 1, trainedAt: NOW });
    const server = new RecommendationEngine({ clock: new ManualClock(NOW), interactions });
    expect(await loadModel(server, store)).toEqual(saved);
    expect(ids(await server.getSimilarProducts('A', { limit: 3 }))).toEqual(ids(await trainer.getSimilarProducts('A', { limit: 3 })));
    expect(ids(await server.getRecommendations('u1', { limit: 3 }))).toEqual(ids(await trainer.getRecommendations('u1', { limit: 3 })));
  });

  it('nothing saved leaves the engine untouched; an untrained engine cannot save', async () => {
    const store = new MemoryModelSnapshotStore();
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore() });
    expect(await loadModel(engine, store, 'missing')).toBeNull();
    await expect(saveModel(engine, store)).rejects.toMatchObject({ code: 'MODEL_NOT_TRAINED' });
    expect(await store.list('default')).toEqual([]);
  });

  it('a stored snapshot the engine cannot read is MODEL_INCOMPATIBLE', async () => {
    const store = new MemoryModelSnapshotStore();
    await store.save({ name: 'default', trainedAt: 1, snapshot: { format: 'something-else' } });
    const error = await loadModel(new RecommendationEngine({ interactions: new MemoryInteractionStore() }), store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommerceError);
    expect((error as CommerceError).code).toBe('MODEL_INCOMPATIBLE');
  });

  it('refuses a keep that is not a positive integer', () => {
    expect(() => new MemoryModelSnapshotStore({ keep: 0 })).toThrow(TypeError);
    expect(() => new MemoryModelSnapshotStore({ keep: 1.5 })).toThrow(TypeError);
  });
});
