import type { Clock } from '../../ports/clock.js';
import type { ModelSnapshotInfo, ModelSnapshotStore, StoredModelSnapshot } from '../../ports/model-snapshot-store.js';
import type { Replayable } from '../../ports/replay.js';
import { checkKeep, encodeSnapshotInput } from '../../recommend/model-snapshot-input.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const saveScript = new LuaScript('model-snapshot-save');
const loadScript = new LuaScript('model-snapshot-load');
const listScript = new LuaScript('model-snapshot-list');

/**
 * Model snapshots on Redis, three keys per name (`model:{<name>}:<part>`, the name the hash tag): a version
 * counter, a sorted set of version infos, and a hash of version -> snapshot JSON text. A
 * snapshot of several MB is one hash value; loading it is one script that answers
 * `[info, snapshot]` with the stored text spliced in, so it is parsed once, in Node. A save
 * records its info under its operation key (`op:{<name>}:<opId>`), so one sent again makes
 * no second version.
 */
export class RedisModelSnapshotStore implements ModelSnapshotStore {
  readonly keep: number;

  constructor(
    private readonly redis: RedisSteps,
    private readonly clock: Clock,
    options: { keep?: number } = {},
  ) {
    this.keep = checkKeep(options.keep);
  }

  async save(input: { name: string; trainedAt: number; snapshot: unknown } & Replayable): Promise<ModelSnapshotInfo> {
    assertWellFormed(input, 'ModelSnapshotStore.save');
    const { name, trainedAt, json, bytes } = encodeSnapshotInput(input);
    const keys = [this.key(name, 'seq'), this.key(name, 'versions'), this.key(name, 'data')];
    return this.redis.write(saveScript, name, input.opId, keys, [name, String(trainedAt), this.clock.now(), this.keep, bytes, json]);
  }

  async loadLatest(name: string): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.loadLatest');
    return this.read(name, 'latest');
  }

  async load(name: string, version: number): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.load');
    if (!Number.isInteger(version) || version < 1) return null;
    return this.read(name, String(version));
  }

  async list(name: string): Promise<ModelSnapshotInfo[]> {
    assertWellFormed(name, 'ModelSnapshotStore.list');
    return this.redis.read(listScript, [this.key(name, 'versions')], []);
  }

  private async read(name: string, version: string): Promise<StoredModelSnapshot | null> {
    const found = await this.redis.read<[ModelSnapshotInfo, unknown] | null>(loadScript, [this.key(name, 'versions'), this.key(name, 'data')], [version]);
    return found ? { ...found[0], snapshot: found[1] } : null;
  }

  private key(name: string, part: string): string {
    return this.redis.keys.key('model', name, part);
  }
}
