import type { BinLookup } from '../../ports/bin-lookup.js';
import type { Clock } from '../../ports/clock.js';
import type { GeoIp } from '../../ports/geo-ip.js';
import type { CustomerSpend, FraudDecision, PaymentStore, RiskLevel } from '../../ports/payment-store.js';
import type { VelocityStore } from '../../ports/velocity-store.js';
import { amountRule, deviceRule, geographyRule, listRule, velocityRule, type AmountSettings, type DeviceSettings, type GeographySettings, type ListSettings, type VelocitySettings } from './rules.js';
import type { FraudRule, FraudSignals, ScreenedPayment, VelocityCounts, VelocityDimension } from './types.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The spend signal when no rule reads it: no history. */
const NO_SPEND: CustomerSpend = { count: 0, totalMinor: 0, maxMinor: 0 };

export interface RiskThresholds {
  /** Scores at or above these reach the level. Seed defaults 30 / 60 / 80. */
  medium: number;
  high: number;
  blocked: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { medium: 30, high: 60, blocked: 80 };

/** Settings of fraud screening; every built-in rule is on unless set to `false`. */
export interface FraudSettings {
  enabled?: boolean;
  thresholds?: Partial<RiskThresholds>;
  velocity?: VelocitySettings | false;
  geography?: GeographySettings | false;
  amount?: AmountSettings | false;
  device?: DeviceSettings | false;
  lists?: ListSettings | false;
  /** Host rules, run after the built-in ones. */
  rules?: readonly FraudRule[];
}

export function riskLevel(score: number, thresholds: RiskThresholds): RiskLevel {
  if (score >= thresholds.blocked) return 'blocked';
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

/** Builds the rule list from settings. */
export function fraudRules(settings: FraudSettings = {}): FraudRule[] {
  const rules: FraudRule[] = [];
  if (settings.lists !== false) rules.push(listRule(settings.lists ?? {}));
  if (settings.velocity !== false) rules.push(velocityRule(settings.velocity ?? {}));
  if (settings.geography !== false) rules.push(geographyRule(settings.geography ?? {}));
  if (settings.amount !== false) rules.push(amountRule(settings.amount ?? {}));
  if (settings.device !== false) rules.push(deviceRule(settings.device ?? {}));
  return [...rules, ...(settings.rules ?? [])];
}

/** Runs the rules (pure) over the gathered signals and turns the total into a level. */
export function decide(rules: readonly FraudRule[], payment: ScreenedPayment, signals: FraudSignals, thresholds: RiskThresholds): FraudDecision {
  const reasons: FraudDecision['reasons'] = [];
  let total = 0;
  let verdict: 'allow' | 'block' | undefined;
  for (const rule of rules) {
    const result = rule.evaluate(payment, signals);
    total += result.score;
    for (const reason of result.reasons) reasons.push({ rule: rule.name, score: result.score, reason });
    if (result.verdict === 'block') verdict = 'block';
    if (result.verdict === 'allow' && verdict === undefined) verdict = 'allow';
  }
  if (verdict === 'block') return { score: 100, level: 'blocked', reasons, screened: true };
  if (verdict === 'allow') return { score: 0, level: 'low', reasons, screened: true };
  const score = Math.min(100, total);
  return { score, level: riskLevel(score, thresholds), reasons, screened: true };
}

/**
 * Fraud screening: gathers signals from the ports, runs the pure rules, and records each
 * attempt (and decline) so later payments see it. Counts exclude the attempt being screened;
 * the device sets include it, since "N distinct cards on this device" must count this card.
 */
export class FraudScreening {
  readonly thresholds: RiskThresholds;
  private readonly rules: FraudRule[];

  constructor(
    private readonly ports: { velocity: VelocityStore; geoIp: GeoIp; binLookup: BinLookup; store: PaymentStore; clock: Clock },
    readonly settings: FraudSettings = {},
  ) {
    this.thresholds = { ...DEFAULT_RISK_THRESHOLDS, ...settings.thresholds };
    this.rules = fraudRules(settings);
  }

  get enabled(): boolean {
    return this.settings.enabled !== false;
  }

  async screen(payment: ScreenedPayment, cardBin: string | undefined): Promise<FraudDecision> {
    if (!this.enabled) return { score: 0, level: 'low', reasons: [], screened: false };
    const signals = await this.gather(payment, cardBin);
    return decide(this.rules, payment, signals, this.thresholds);
  }

  /** Counts this attempt (and, when the gateway declined it, the decline) for later screenings. */
  async record(payment: ScreenedPayment, attemptId: string, declined: boolean): Promise<void> {
    const dims = dimensions(payment);
    const entries = dims.map(([dim, value]) => ({ key: `attempt:${dim}:${value}`, member: attemptId }));
    if (declined) entries.push(...dims.map(([dim, value]) => ({ key: `decline:${dim}:${value}`, member: attemptId })));
    await this.ports.velocity.record({ entries, at: this.ports.clock.now(), retainMs: DAY });
  }

  /**
   * Whether a signal is worth a store call: its built-in rule is on, or host rules (which
   * may read any signal) are present. Attempts are still recorded either way, so turning a
   * rule on later finds their history.
   */
  private uses(rule: 'velocity' | 'geography' | 'amount'): boolean {
    return this.settings[rule] !== false || (this.settings.rules?.length ?? 0) > 0;
  }

  private async gather(payment: ScreenedPayment, cardBin: string | undefined): Promise<FraudSignals> {
    const now = this.ports.clock.now();
    const dims = this.uses('velocity') ? dimensions(payment) : [];
    if (payment.deviceId) {
      const entries = [{ key: `device-emails:${payment.deviceId}`, member: payment.email.toLowerCase() }];
      if (payment.cardFingerprint) entries.push({ key: `device-cards:${payment.deviceId}`, member: payment.cardFingerprint });
      await this.ports.velocity.record({ entries, at: now, retainMs: DAY });
    }
    const queries = dims.flatMap(([dim, value]) => [
      { key: `attempt:${dim}:${value}`, since: now - HOUR },
      { key: `attempt:${dim}:${value}`, since: now - DAY },
      { key: `decline:${dim}:${value}`, since: now - HOUR },
      { key: `decline:${dim}:${value}`, since: now - DAY },
    ]);
    if (payment.deviceId) {
      queries.push({ key: `device-cards:${payment.deviceId}`, since: now - DAY }, { key: `device-emails:${payment.deviceId}`, since: now - DAY });
    }
    const geography = this.uses('geography');
    const [counts, ipCountry, bin, spend] = await Promise.all([
      queries.length > 0 ? this.ports.velocity.count(queries) : Promise.resolve([]),
      geography && payment.ip ? this.ports.geoIp.country(payment.ip) : Promise.resolve(null),
      geography && cardBin && !payment.cardCountry ? this.ports.binLookup.lookup(cardBin) : Promise.resolve(null),
      this.uses('amount') ? this.ports.store.customerSpend({ customerKey: payment.customerKey, currency: payment.currency }) : Promise.resolve(NO_SPEND),
    ]);
    const velocity: Partial<Record<VelocityDimension, VelocityCounts>> = {};
    dims.forEach(([dim], i) => {
      const at = (k: number): number => counts[i * 4 + k] ?? 0;
      velocity[dim] = { attemptsHour: at(0), attemptsDay: at(1), declinesHour: at(2), declinesDay: at(3) };
    });
    const deviceAt = dims.length * 4;
    return {
      velocity,
      ipCountry: ipCountry?.toUpperCase() ?? null,
      cardCountry: (payment.cardCountry ?? bin?.country)?.toUpperCase() ?? null,
      spend,
      device: payment.deviceId ? { cardsDay: counts[deviceAt] ?? 0, emailsDay: counts[deviceAt + 1] ?? 0 } : null,
    };
  }
}

function dimensions(payment: ScreenedPayment): [VelocityDimension, string][] {
  const dims: [VelocityDimension, string][] = [
    ['email', payment.email.toLowerCase()],
    ['customer', payment.customerKey],
  ];
  if (payment.cardFingerprint) dims.push(['card', payment.cardFingerprint]);
  if (payment.ip) dims.push(['ip', payment.ip]);
  return dims;
}
