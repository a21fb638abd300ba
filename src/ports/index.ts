export type { Clock } from './clock.js';
export type { IdGenerator } from './id-generator.js';
