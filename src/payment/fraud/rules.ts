import { Dec } from '../../shared/money.js';
import type { FraudList, FraudRule, RuleVerdict, ScreenedPayment, VelocityDimension } from './types.js';

const CLEAN: RuleVerdict = { score: 0, reasons: [] };

export interface VelocitySettings {
  /** Attempts per hour / day at which a dimension starts to score. */
  attemptsPerHour?: number;
  attemptsPerDay?: number;
  declinesPerHour?: number;
  declinesPerDay?: number;
  /** Score for each dimension over an attempts limit, and over a declines limit. */
  attemptsScore?: number;
  declinesScore?: number;
}

/** Many attempts, or many declines, for one card, email, IP or customer in an hour or a day. */
export function velocityRule(settings: VelocitySettings = {}): FraudRule {
  const s = { attemptsPerHour: 5, attemptsPerDay: 20, declinesPerHour: 3, declinesPerDay: 5, attemptsScore: 20, declinesScore: 30, ...settings };
  return {
    name: 'velocity',
    evaluate(_payment, signals) {
      let score = 0;
      const reasons: string[] = [];
      for (const [dimension, c] of Object.entries(signals.velocity) as [VelocityDimension, (typeof signals.velocity)['card']][]) {
        if (!c) continue;
        if (c.attemptsHour >= s.attemptsPerHour || c.attemptsDay >= s.attemptsPerDay) {
          score += s.attemptsScore;
          reasons.push(`${c.attemptsHour} attempts in the last hour, ${c.attemptsDay} today for this ${dimension}`);
        }
        if (c.declinesHour >= s.declinesPerHour || c.declinesDay >= s.declinesPerDay) {
          score += s.declinesScore;
          reasons.push(`${c.declinesHour} declines in the last hour, ${c.declinesDay} today for this ${dimension}`);
        }
      }
      return { score, reasons };
    },
  };
}

export interface GeographySettings {
  ipVsBillingScore?: number;
  cardVsBillingScore?: number;
  ipVsCardScore?: number;
  /** Countries (ISO alpha-2) that add `highRiskScore` when the IP or card is from there. */
  highRiskCountries?: readonly string[];
  highRiskScore?: number;
}

/** The IP's country, the billing country and the card's issuing country should agree. */
export function geographyRule(settings: GeographySettings = {}): FraudRule {
  const s = { ipVsBillingScore: 15, cardVsBillingScore: 15, ipVsCardScore: 10, highRiskCountries: [], highRiskScore: 25, ...settings };
  const highRisk = new Set(s.highRiskCountries.map((c) => c.toUpperCase()));
  return {
    name: 'geography',
    evaluate(payment, signals) {
      const ip = signals.ipCountry;
      const card = signals.cardCountry;
      const billing = payment.billingCountry?.toUpperCase() ?? null;
      let score = 0;
      const reasons: string[] = [];
      const differ = (a: string | null, b: string | null, points: number, reason: string): void => {
        if (a && b && a !== b) {
          score += points;
          reasons.push(reason.replace('$a', a).replace('$b', b));
        }
      };
      differ(ip, billing, s.ipVsBillingScore, 'IP country $a differs from billing country $b');
      differ(card, billing, s.cardVsBillingScore, 'card country $a differs from billing country $b');
      differ(ip, card, s.ipVsCardScore, 'IP country $a differs from card country $b');
      for (const country of new Set([ip, card].filter((c): c is string => c !== null))) {
        if (highRisk.has(country)) {
          score += s.highRiskScore;
          reasons.push(`${country} is on the high-risk country list`);
        }
      }
      return { score, reasons };
    },
  };
}

export interface AmountSettings {
  /** Amounts at or above this (major units) that are whole multiples of it look "round". */
  roundUnit?: string;
  roundScore?: number;
  /** An amount more than `usualMultiplier` times the customer's average scores `aboveUsualScore`. */
  usualMultiplier?: string;
  aboveUsualScore?: number;
  /** A first payment at or above this (major units) scores `largeFirstOrderScore`. */
  largeFirstOrder?: string;
  largeFirstOrderScore?: number;
}

/** Round amounts, amounts far above what the customer usually pays, and large first orders. */
export function amountRule(settings: AmountSettings = {}): FraudRule {
  const s = { roundUnit: '100', roundScore: 10, usualMultiplier: '5', aboveUsualScore: 25, largeFirstOrder: '1000', largeFirstOrderScore: 20, ...settings };
  return {
    name: 'amount',
    evaluate(payment, signals) {
      const amount = new Dec(payment.amount);
      const reasons: string[] = [];
      let score = 0;
      const unit = new Dec(s.roundUnit);
      if (unit.greaterThan(0) && amount.greaterThanOrEqualTo(unit) && amount.mod(unit).isZero()) {
        score += s.roundScore;
        reasons.push(`round amount ${payment.amount} ${payment.currency}`);
      }
      const spend = signals.spend;
      if (spend.count > 0) {
        // Exact: compare amount * count with total * multiplier in minor units, no division.
        if (new Dec(payment.amountMinor).times(spend.count).greaterThan(new Dec(spend.totalMinor).times(s.usualMultiplier))) {
          score += s.aboveUsualScore;
          reasons.push(`more than ${s.usualMultiplier} times this customer's average payment`);
        }
      } else if (amount.greaterThanOrEqualTo(s.largeFirstOrder)) {
        score += s.largeFirstOrderScore;
        reasons.push(`first payment of this customer is ${payment.amount} ${payment.currency}`);
      }
      return { score, reasons };
    },
  };
}

export interface DeviceSettings {
  maxCardsPerDay?: number;
  maxEmailsPerDay?: number;
  cardsScore?: number;
  emailsScore?: number;
}

/** One device seen with many cards or many emails in a day. */
export function deviceRule(settings: DeviceSettings = {}): FraudRule {
  const s = { maxCardsPerDay: 3, maxEmailsPerDay: 3, cardsScore: 30, emailsScore: 25, ...settings };
  return {
    name: 'device',
    evaluate(_payment, signals) {
      const d = signals.device;
      if (!d) return CLEAN;
      let score = 0;
      const reasons: string[] = [];
      if (d.cardsDay > s.maxCardsPerDay) {
        score += s.cardsScore;
        reasons.push(`device used with ${d.cardsDay} cards today`);
      }
      if (d.emailsDay > s.maxEmailsPerDay) {
        score += s.emailsScore;
        reasons.push(`device used with ${d.emailsDay} emails today`);
      }
      return { score, reasons };
    },
  };
}

export interface ListSettings {
  allow?: FraudList;
  block?: FraudList;
}

/** Allow and block lists over email, IP, card fingerprint and device. A block beats an allow. */
export function listRule(settings: ListSettings = {}): FraudRule {
  const build = (list: FraudList = {}) => ({
    emails: new Set((list.emails ?? []).map((e) => e.toLowerCase())),
    ips: new Set(list.ips ?? []),
    cards: new Set(list.cardFingerprints ?? []),
    devices: new Set(list.devices ?? []),
  });
  const allow = build(settings.allow);
  const block = build(settings.block);
  const hits = (lists: ReturnType<typeof build>, p: ScreenedPayment): string[] => {
    const found: string[] = [];
    if (lists.emails.has(p.email.toLowerCase())) found.push('email');
    if (p.ip && lists.ips.has(p.ip)) found.push('IP');
    if (p.cardFingerprint && lists.cards.has(p.cardFingerprint)) found.push('card');
    if (p.deviceId && lists.devices.has(p.deviceId)) found.push('device');
    return found;
  };
  return {
    name: 'lists',
    evaluate(payment) {
      const blocked = hits(block, payment);
      if (blocked.length > 0) return { score: 100, reasons: blocked.map((what) => `${what} is on the block list`), verdict: 'block' };
      const allowed = hits(allow, payment);
      if (allowed.length > 0) return { score: 0, reasons: allowed.map((what) => `${what} is on the allow list`), verdict: 'allow' };
      return CLEAN;
    },
  };
}
