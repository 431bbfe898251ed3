import {
  CommandParamSchemas,
  SLOT_FAULT_CODES,
  type CommandKind,
  type InventoryMessage,
  type ResultMessage,
  type SlotReport,
  type StationEvent,
} from '../gateway/protocol/index.js';
import { compile } from '../kernel/validation.js';
import { chargeFor } from './charging.js';
import type { Random } from './random.js';

/**
 * The physical side of a simulated station, without any I/O: slots, power banks, charging, faults and
 * the firmware's command rules. It returns message drafts; SimulatedStation stamps and publishes them.
 * Times are real milliseconds; `timeScale` speeds up only what is slow in life (charging, faults,
 * the 20-minute inventory), never the rider taking a power bank or the station's timeouts.
 */

type Stamped = 'v' | 'id' | 'ts';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<StationEvent, Stamped>;
export type ResultBody = Omit<ResultMessage, Stamped>;
export type Draft =
  | { kind: 'inventory'; body: Omit<InventoryMessage, Stamped> }
  | { kind: 'event'; body: EventBody }
  | { kind: 'result'; body: ResultBody };

export type SlotFaultCode = (typeof SLOT_FAULT_CODES)[number];

export interface InitialSlot {
  slot: number;
  powerBankId: string | null;
  batteryPct?: number;
  healthPct?: number;
  enabled?: boolean;
}

export interface StationModelOptions {
  slotCount: number;
  slots?: InitialSlot[];
  rng: Random;
  /** Real time at which the model starts. */
  startMs: number;
  /** Simulated time per real time for charging, faults and the periodic inventory (default 1). */
  timeScale?: number;
  /** Bad firmware habit: execute commands even after `expiresAt`. */
  ignoreExpiry?: boolean;
  /** Chance per slot per simulated hour that the slot develops a fault. */
  faultRate?: number;
  /** Chance that a valid eject fails mechanically (`MOTOR`). */
  ejectFailureRate?: number;
  /** Chance that the rider takes an ejected power bank before the take timeout (default 0.95). */
  takeProbability?: number;
  /** Real milliseconds the rider needs to take the power bank: [min, max]. */
  takeDelayMs?: [number, number];
  heartbeatSeconds?: number;
  takeTimeoutSeconds?: number;
  inventoryEveryMinutes?: number;
  /** How far the station's clock is ahead of real time. */
  clockDriftMs?: number;
}

export interface CommandOutcome {
  drafts: Draft[];
  /** The command asked the station to restart once its result is out. */
  reboot?: boolean;
}

interface Bank {
  id: string;
  batteryPct: number;
  healthPct: number;
}

interface ModelSlot {
  slot: number;
  bank: Bank | null;
  enabled: boolean;
  fault: SlotFaultCode | null;
  faultClearsAtMs: number;
}

interface PendingEject {
  commandId: string;
  slot: number;
  powerBankId: string;
  resolveAtMs: number;
  taken: boolean;
}

const RESULT_MEMORY = 500;
// Faults that jam the release mechanism; a charger or sensor fault does not stop an eject.
const EJECT_BLOCKING_FAULTS = new Set<SlotFaultCode>(['MOTOR', 'LOCK']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class StationModel {
  readonly slotCount: number;
  heartbeatSeconds: number;
  takeTimeoutSeconds: number;
  mains = true;
  firmware: string;
  private readonly slots: ModelSlot[];
  private readonly rng: Random;
  private readonly timeScale: number;
  private readonly options: StationModelOptions;
  private readonly results = new Map<string, ResultBody>();
  private pendingEject: PendingEject | undefined;
  private lastAdvanceMs: number;
  private nextInventoryAtMs: number;
  private correctionMs = 0;

  constructor(options: StationModelOptions, firmware = '1.4.2') {
    this.options = options;
    this.slotCount = options.slotCount;
    this.rng = options.rng;
    this.timeScale = options.timeScale ?? 1;
    this.heartbeatSeconds = options.heartbeatSeconds ?? 60;
    this.takeTimeoutSeconds = options.takeTimeoutSeconds ?? 30;
    this.firmware = firmware;
    this.lastAdvanceMs = options.startMs;
    this.nextInventoryAtMs = options.startMs + this.inventoryPeriodMs();
    const initial = new Map((options.slots ?? []).map((s) => [s.slot, s]));
    this.slots = Array.from({ length: options.slotCount }, (_, i) => {
      const spec = initial.get(i + 1);
      return {
        slot: i + 1,
        bank: spec?.powerBankId
          ? { id: spec.powerBankId, batteryPct: spec.batteryPct ?? 100, healthPct: spec.healthPct ?? 100 }
          : null,
        enabled: spec?.enabled ?? true,
        fault: null,
        faultClearsAtMs: 0,
      };
    });
  }

  /** The station's own clock reading at a real time (drift included, no correction). */
  stationClockMs(realMs: number): number {
    return realMs + (this.options.clockDriftMs ?? 0);
  }

  /** What the station reports for every slot, as in `hello` and `inventory`. */
  slotReports(): SlotReport[] {
    return this.slots.map((s) => ({
      slot: s.slot,
      powerBankId: s.bank?.id ?? null,
      batteryPct: s.bank ? Math.floor(s.bank.batteryPct) : 0,
      state: !s.enabled
        ? 'disabled'
        : s.fault
          ? 'fault'
          : !s.bank
            ? 'empty'
            : s.bank.batteryPct >= 100
              ? 'ready'
              : 'charging',
      faults: s.fault ? [s.fault] : [],
    }));
  }

  /** A fresh inventory; restarts the periodic inventory timer. */
  inventory(realMs: number): Draft {
    this.nextInventoryAtMs = realMs + this.inventoryPeriodMs();
    return { kind: 'inventory', body: { slots: this.slotReports() } };
  }

  /** The eject in progress, if any. */
  ejectInProgress(): Readonly<PendingEject> | undefined {
    return this.pendingEject;
  }

  /** Moves the physical world forward to `realMs`: charging, riders taking power banks, faults, the periodic inventory. */
  advance(realMs: number): Draft[] {
    const drafts: Draft[] = [];
    const elapsedMs = Math.max(0, realMs - this.lastAdvanceMs);
    this.lastAdvanceMs = realMs;
    const simMinutes = (elapsedMs * this.timeScale) / 60_000;

    for (const s of this.slots) {
      if (s.bank && s.enabled && !s.fault) s.bank.batteryPct = chargeFor(s.bank.batteryPct, simMinutes);
    }

    const eject = this.pendingEject;
    if (eject && realMs >= eject.resolveAtMs) {
      this.pendingEject = undefined;
      const slot = this.slots[eject.slot - 1]!;
      if (eject.taken) {
        slot.bank = null;
        drafts.push({
          kind: 'event',
          body: {
            type: 'bank_removed',
            slot: eject.slot,
            powerBankId: eject.powerBankId,
            commandId: eject.commandId,
          },
        });
      } else {
        drafts.push({
          kind: 'event',
          body: {
            type: 'bank_retracted',
            slot: eject.slot,
            powerBankId: eject.powerBankId,
            commandId: eject.commandId,
          },
        });
      }
    }

    const faultRate = this.options.faultRate ?? 0;
    for (const s of this.slots) {
      if (s.fault && realMs >= s.faultClearsAtMs) {
        s.fault = null;
        drafts.push({ kind: 'event', body: { type: 'slot_recovered', slot: s.slot } });
      } else if (
        !s.fault &&
        s.enabled &&
        eject?.slot !== s.slot &&
        this.rng.chance((faultRate * simMinutes) / 60)
      ) {
        drafts.push(this.fault(s.slot, this.rng.pick(SLOT_FAULT_CODES), realMs));
      }
    }

    if (realMs >= this.nextInventoryAtMs) drafts.push(this.inventory(realMs));
    return drafts;
  }

  /** Puts a slot out of order until `clearsAtMs` (default: 10–60 simulated minutes). */
  fault(slot: number, code: SlotFaultCode, realMs: number, clearsAtMs?: number): Draft {
    const s = this.slotAt(slot);
    s.fault = code;
    s.faultClearsAtMs = clearsAtMs ?? realMs + (this.rng.int(10, 60) * 60_000) / this.timeScale;
    return { kind: 'event', body: { type: 'slot_fault', slot, code } };
  }

  /** A rider (or field staff) pushes a power bank into an empty slot. */
  returnBank(
    slot: number,
    powerBankId: string,
    bank: { batteryPct?: number; healthPct?: number } = {},
  ): Draft {
    const s = this.slotAt(slot);
    if (s.bank) throw new Error(`slot ${slot} already holds ${s.bank.id}`);
    if (!s.enabled) throw new Error(`slot ${slot} is disabled`);
    const batteryPct = bank.batteryPct ?? this.rng.int(5, 60);
    const healthPct = bank.healthPct ?? this.rng.int(80, 100);
    s.bank = { id: powerBankId, batteryPct, healthPct };
    return {
      kind: 'event',
      body: {
        type: 'bank_inserted',
        slot,
        powerBankId,
        batteryPct,
        healthPct,
        tempC: Math.round((22 + this.rng.next() * 8) * 10) / 10,
      },
    };
  }

  /** A power bank is forced out of a slot without any command (vandalism, a technician). */
  forceRemove(slot: number): Draft {
    const s = this.slotAt(slot);
    if (!s.bank) throw new Error(`slot ${slot} is empty`);
    const powerBankId = s.bank.id;
    s.bank = null;
    return { kind: 'event', body: { type: 'bank_removed', slot, powerBankId } };
  }

  /** Mains power goes away or comes back; the station keeps running on its backup battery. */
  setMains(on: boolean): Draft | undefined {
    if (this.mains === on) return undefined;
    this.mains = on;
    return { kind: 'event', body: { type: on ? 'power_restored' : 'power_lost' } };
  }

  /** Forgets what a reboot forgets: an eject in flight is abandoned (the bank stays latched). */
  reboot(): void {
    this.pendingEject = undefined;
  }

  /** Applies a command payload exactly as station firmware v1 does (see docs/station-protocol.md). */
  handleCommand(raw: unknown, realMs: number): CommandOutcome {
    if (!isRecord(raw)) return { drafts: [] };
    const commandId = raw.commandId;
    // Without a usable commandId there is nothing to answer to.
    if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 64)
      return { drafts: [] };
    const prior = this.results.get(commandId);
    if (prior) return { drafts: [{ kind: 'result', body: prior }] };

    const { v, type, issuedAt: _issuedAt, expiresAt, commandId: _id, ...params } = raw;
    if (v !== 1 || typeof type !== 'string' || !Object.hasOwn(CommandParamSchemas, type)) {
      return this.answer(commandId, { status: 'rejected' });
    }
    const kind = type as CommandKind;
    const paramsValid: boolean = compile(CommandParamSchemas[kind]).Check({ ...params });
    if (!paramsValid) return this.answer(commandId, { status: 'rejected' });
    const expiresAtMs = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
    if (Number.isNaN(expiresAtMs)) return this.answer(commandId, { status: 'rejected' });

    if (kind === 'configure' && typeof params.serverTime === 'string') {
      this.correctionMs = Date.parse(params.serverTime) - this.stationClockMs(realMs);
    }
    const correctedNow = this.stationClockMs(realMs) + this.correctionMs;
    if (!this.options.ignoreExpiry && correctedNow > expiresAtMs)
      return this.answer(commandId, { status: 'expired' });

    switch (kind) {
      case 'eject':
        return this.eject(commandId, params.slot as number, params.powerBankId as string, realMs);
      case 'sync':
        return { drafts: [...this.answer(commandId, { status: 'ok' }).drafts, this.inventory(realMs)] };
      case 'configure':
        if (typeof params.heartbeatSeconds === 'number') this.heartbeatSeconds = params.heartbeatSeconds;
        if (typeof params.takeTimeoutSeconds === 'number')
          this.takeTimeoutSeconds = params.takeTimeoutSeconds;
        return this.answer(commandId, { status: 'ok' });
      case 'set_slot': {
        const slot = params.slot as number;
        if (slot > this.slotCount) return this.answer(commandId, { status: 'rejected' });
        this.slots[slot - 1]!.enabled = params.enabled as boolean;
        return this.answer(commandId, { status: 'ok', slot });
      }
      case 'reboot':
        return { ...this.answer(commandId, { status: 'ok' }), reboot: true };
      case 'firmware':
        this.firmware = params.version as string;
        return { ...this.answer(commandId, { status: 'ok' }), reboot: true };
    }
  }

  private eject(commandId: string, slot: number, powerBankId: string, realMs: number): CommandOutcome {
    if (slot > this.slotCount) return this.answer(commandId, { status: 'rejected' });
    const failed = (code: string) => this.answer(commandId, { status: 'failed', code, slot, powerBankId });
    if (this.pendingEject) return failed('BUSY');
    const s = this.slots[slot - 1]!;
    if (!s.enabled) return failed('DISABLED');
    if (s.fault && EJECT_BLOCKING_FAULTS.has(s.fault)) return failed(s.fault);
    if (!s.bank) return failed('SLOT_EMPTY');
    if (s.bank.id !== powerBankId) return failed('BANK_MISMATCH');
    if (this.rng.chance(this.options.ejectFailureRate ?? 0)) return failed('MOTOR');

    const taken = this.rng.chance(this.options.takeProbability ?? 0.95);
    const [minDelay, maxDelay] = this.options.takeDelayMs ?? [1500, 5000];
    this.pendingEject = {
      commandId,
      slot,
      powerBankId,
      taken,
      resolveAtMs: realMs + (taken ? this.rng.int(minDelay, maxDelay) : this.takeTimeoutSeconds * 1000),
    };
    return this.answer(commandId, { status: 'ok', slot, powerBankId });
  }

  private answer(commandId: string, result: Omit<ResultBody, 'commandId'>): CommandOutcome {
    const body: ResultBody = { commandId, ...result };
    this.results.set(commandId, body);
    if (this.results.size > RESULT_MEMORY) this.results.delete(this.results.keys().next().value!);
    return { drafts: [{ kind: 'result', body }] };
  }

  private slotAt(slot: number): ModelSlot {
    const s = this.slots[slot - 1];
    if (!s) throw new Error(`slot ${slot} does not exist (the station has ${this.slotCount})`);
    return s;
  }

  private inventoryPeriodMs(): number {
    return ((this.options.inventoryEveryMinutes ?? 20) * 60_000) / this.timeScale;
  }
}
