/** Where an IP address is, for the geography rule. */
export interface GeoIp {
  /** The ISO 3166-1 alpha-2 country of `ip`, or null when unknown. */
  country(ip: string): Promise<string | null>;
}
