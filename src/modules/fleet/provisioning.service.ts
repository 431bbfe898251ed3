import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import { generateSecret, hashSecret, verifySecret } from '../../kernel/secrets.js';
import { assertValid } from '../../kernel/validation.js';
import {
  invalidFleetInput,
  powerBankExists,
  siteNotFound,
  stationCodeTaken,
  stationExists,
  stationNotFound,
} from './fleet.errors.js';
import { NewPowerBankSchema, NewSiteSchema, NewStationSchema } from './fleet.schemas.js';
import type { NewPowerBank, ProvisionedStation, Site } from './fleet.types.js';
import type { StationsRepository } from './stations.repository.js';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)];
  return code;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Adding sites, stations (with their one-time secret) and power banks to the fleet. */
export class ProvisioningService {
  constructor(
    private readonly repo: StationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates a site after validating every field. */
  async addSite(input: unknown): Promise<Site> {
    const data = assertValid(NewSiteSchema, input, 'site');
    if (!isTimeZone(data.timeZone)) {
      throw invalidFleetInput(`site.timeZone: ${data.timeZone} is not an IANA time zone`, {
        field: 'timeZone',
      });
    }
    const site: Site = {
      id: data.id ?? newId('site', this.clock.nowMs()),
      name: data.name,
      address: data.address,
      city: data.city,
      country: data.country,
      timeZone: data.timeZone,
      lat: data.lat,
      lng: data.lng,
      openingHours: data.openingHours ?? null,
    };
    await this.repo.insertSite(site, this.clock.nowMs());
    return site;
  }

  /**
   * Provisions a station with its slots and a new secret. The secret is returned once and stored only
   * as a hash.
   */
  async addStation(input: unknown): Promise<ProvisionedStation> {
    const data = assertValid(NewStationSchema, input, 'station');
    if (!(await this.repo.findSite(data.siteId))) throw siteNotFound(data.siteId);
    const id = data.id ?? newId('station', this.clock.nowMs());
    if (await this.repo.findStation(id)) throw stationExists(id);
    let code = data.code;
    if (code) {
      if (await this.repo.findStationByCode(code)) throw stationCodeTaken(code);
    } else {
      do code = randomCode();
      while (await this.repo.findStationByCode(code));
    }
    const secret = generateSecret();
    await this.repo.transaction((trx) =>
      this.repo.insertStation(
        trx,
        { id, siteId: data.siteId, code: code!, slotCount: data.slotCount },
        hashSecret(secret),
        this.clock.nowMs(),
      ),
    );
    const station = await this.repo.findStation(id);
    return { station: station!, secret };
  }

  /** Issues a new secret for a station, invalidating the old one. */
  async rotateSecret(stationId: string): Promise<string> {
    if (!(await this.repo.findStation(stationId))) throw stationNotFound(stationId);
    const secret = generateSecret();
    await this.repo.replaceSecretHash(stationId, hashSecret(secret), this.clock.nowMs());
    return secret;
  }

  /** True when the secret matches the station's stored hash. */
  async verifyStationSecret(stationId: string, secret: string): Promise<boolean> {
    const stored = await this.repo.findSecretHash(stationId);
    return stored !== undefined && verifySecret(secret, stored);
  }

  /**
   * Registers power banks all-or-nothing: every row is validated and checked for duplicates (in the
   * batch and in the fleet) before anything is written. Errors name the row (1-based).
   */
  async addPowerBanks(inputs: unknown[]): Promise<NewPowerBank[]> {
    const banks = inputs.map((input, i) => assertValid(NewPowerBankSchema, input, `powerBanks[${i + 1}]`));
    const seen = new Set<string>();
    for (const [i, bank] of banks.entries()) {
      if (seen.has(bank.id))
        throw invalidFleetInput(`powerBanks[${i + 1}].id: ${bank.id} appears twice`, { row: i + 1 });
      seen.add(bank.id);
    }
    const existing = await this.repo.findExistingPowerBankIds([...seen]);
    if (existing.length > 0) throw powerBankExists(existing[0]!);
    await this.repo.transaction((trx) => this.repo.insertPowerBanks(banks, this.clock.nowMs(), trx));
    return banks;
  }
}
