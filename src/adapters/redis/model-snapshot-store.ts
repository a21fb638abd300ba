import type { Clock } from '../../ports/clock.js';
import type { ModelSnapshotInfo, ModelSnapshotStore, StoredModelSnapshot } from '../../ports/model-snapshot-store.js';
import { checkKeep, encodeSnapshotInput } from '../../recommend/model-snapshot-input.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const saveScript = new LuaScript('model-snapshot-save');
const loadScript = new LuaScript('model-snapshot-load');
const listScript = new LuaScript('model-snapshot-list');

/**
 * Model snapshots on Redis, three keys per name sharing the tag `{model:<name>}`: a version
 * counter, a sorted set of version infos, and a hash of version -> snapshot JSON text. A
 * snapshot of several MB is one hash value; loading it is one script that answers
 * `[info, snapshot]` with the stored text spliced in, so it is parsed once, in Node.
 */
export class RedisModelSnapshotStore implements ModelSnapshotStore {
  readonly keep: number;

  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    options: { keep?: number } = {},
  ) {
    this.keep = checkKeep(options.keep);
  }

  async save(input: { name: string; trainedAt: number; snapshot: unknown }): Promise<ModelSnapshotInfo> {
    const { name, trainedAt, json, bytes } = encodeSnapshotInput(input);
    const keys = [this.key(name, 'seq'), this.key(name, 'versions'), this.key(name, 'data')];
    return saveScript.run(this.client, keys, [name, String(trainedAt), this.clock.now(), this.keep, bytes, json]);
  }

  loadLatest(name: string): Promise<StoredModelSnapshot | null> {
    return this.read(name, 'latest');
  }

  load(name: string, version: number): Promise<StoredModelSnapshot | null> {
    if (!Number.isInteger(version) || version < 1) return Promise.resolve(null);
    return this.read(name, String(version));
  }

  list(name: string): Promise<ModelSnapshotInfo[]> {
    return listScript.run(this.client, [this.key(name, 'versions')], []);
  }

  private async read(name: string, version: string): Promise<StoredModelSnapshot | null> {
    const found = await loadScript.run<[ModelSnapshotInfo, unknown] | null>(this.client, [this.key(name, 'versions'), this.key(name, 'data')], [version]);
    return found ? { ...found[0], snapshot: found[1] } : null;
  }

  private key(name: string, part: string): string {
    return this.keys.key('model', name, part);
  }
}
