import { describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { RecommendationEngine } from '../../src/recommend/index.js';
import { loadPorterStemmer, textTerms } from '../../src/recommend/text-terms.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { NOW, ids } from './fixtures.js';

describe('product text terms', () => {
  it('keeps words of any script whole, lower-cased; drops numbers, single letters and stop words', () => {
    expect(textTerms('Crème Brûlée SET of 6 ramekins')).toEqual(['crème', 'brûlée', 'ramekins']);
    expect(textTerms('Жёлтая кружка, 350 ml')).toEqual(['жёлтая', 'кружка', 'ml']);
    expect(textTerms("Kid's T-shirt / 3-pack")).toEqual(['kid', 'shirt', 'pack']);
    // NFKC: the ligature and the full-width letters read as plain ones.
    expect(textTerms('ﬁne ＣＵＰ')).toEqual(['fine', 'cup']);
  });

  it('stems with natural\'s Porter stemmer when natural is installed (it is, for development)', async () => {
    const stem = await loadPorterStemmer();
    expect(stem).toBeTypeOf('function');
    expect(textTerms('Candles and lanterns', stem)).toEqual(['candl', 'lantern']);
  });

  it('answers no stemmer when the module is missing, rather than failing', async () => {
    expect(await loadPorterStemmer('natural/lib/natural/stemmers/no_such_stemmer.js')).toBeUndefined();
  });
});

describe('content-based scoring with and without stemming', () => {
  async function candleShopper(stemming: boolean): Promise<{ recs: string[]; stemming: string }> {
    const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock: new ManualClock(NOW), stemming });
    await engine.addProduct({ productId: 'bought', name: 'Scented candles' });
    await engine.addProduct({ productId: 'inflected', name: 'Candle snuffer' });
    await engine.addProduct({ productId: 'unrelated', name: 'Garden hose' });
    await engine.addInteraction({ userId: 'u', productId: 'bought', type: 'purchase' });
    const report = await engine.train();
    return { recs: ids(await engine.getRecommendations('u', { algorithms: ['content'] })), stemming: report.stemming };
  }

  it('"candles" finds "candle" only through the stemmer; without it, whole words must match', async () => {
    expect(await candleShopper(true)).toEqual({ recs: ['inflected'], stemming: 'porter' });
    expect(await candleShopper(false)).toEqual({ recs: [], stemming: 'none' });
  });
});
