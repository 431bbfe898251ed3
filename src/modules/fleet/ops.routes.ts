import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { problemResponses } from '../../http/problem.js';
import { commandNotFound, stationNotFound } from './fleet.errors.js';
import type { FleetModule } from './fleet.module.js';
import type { StationCommands } from './fleet.types.js';
import type { SlotCounts, SlotDetail } from './availability.types.js';
import { stationStatus } from './availability.views.js';
import {
  AlertIdParams,
  AlertListQuery,
  AlertView,
  CommandIdParams,
  CommandListQuery,
  MessageListQuery,
  OpsStationParams,
  OpsStationView,
  SendCommandBody,
  StationMessageView,
  TrackedCommandView,
  listOf,
} from './ops.schemas.js';

export interface OpsRoutesOptions {
  fleet: FleetModule;
  /** Absent in a process without a gateway: reads still work, sending answers 503 COMMANDS_UNAVAILABLE. */
  commands?: StationCommands;
  /** Authenticates every ops request (admin bearer token until staff accounts exist). */
  authorize: onRequestAsyncHookHandler;
  /** Recorded as the command's requestedBy. */
  actor: string;
}

const security = [{ adminToken: [] }];
const authProblems = problemResponses(401, 503);

function countSlots(slots: SlotDetail[]): SlotCounts {
  const counts: SlotCounts = {
    total: 0,
    rentable: 0,
    returnSlots: 0,
    occupiedNotRentable: 0,
    outOfService: 0,
  };
  for (const s of slots) {
    counts.total++;
    if (s.rentable) counts.rentable++;
    else if (s.powerBankId !== null) counts.occupiedNotRentable++;
    if (s.returnable) counts.returnSlots++;
    if (s.state === 'fault' || s.state === 'disabled') counts.outOfService++;
  }
  return counts;
}

/**
 * Operations endpoints: full station detail with power bank ids, tracked commands, alerts and the
 * station message log; and sending a command. Everything here reads the database directly (not the
 * read model), so operators see the latest state.
 */
export const opsRoutes: FastifyPluginAsyncTypebox<OpsRoutesOptions> = async (app, opts) => {
  const { fleet } = opts;
  app.addHook('onRequest', opts.authorize);

  app.get(
    '/stations/:stationId',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'A station in full: connectivity, clock offset, last seen, every slot with its power bank',
        params: OpsStationParams,
        response: { 200: OpsStationView, ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => {
      const station = await fleet.stations.findStation(request.params.stationId);
      if (!station) throw stationNotFound(request.params.stationId);
      const [site, slots] = await Promise.all([
        fleet.stations.findSite(station.siteId),
        fleet.availability.slotDetails(station.id),
      ]);
      return {
        ...station,
        status: stationStatus(station),
        site: site!,
        counts: countSlots(slots),
        slots,
      };
    },
  );

  app.get(
    '/stations/:stationId/messages',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: "A station's recent messages, both directions, newest first",
        params: OpsStationParams,
        querystring: MessageListQuery,
        response: { 200: listOf(StationMessageView), ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => {
      const { stationId } = request.params;
      if (!(await fleet.stations.findStation(stationId))) throw stationNotFound(stationId);
      return { items: await fleet.messages.list(stationId, request.query.limit) };
    },
  );

  app.post(
    '/stations/:stationId/commands',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'Send a command to a station; 202 with the tracked command, whose status follows later',
        params: OpsStationParams,
        body: SendCommandBody,
        response: { 202: TrackedCommandView, ...problemResponses(400, 404, 409), ...authProblems },
      },
    },
    async (request, reply) => {
      if (!opts.commands) {
        throw new AppError('COMMANDS_UNAVAILABLE', 'No gateway runs in this process', 503);
      }
      const command = await opts.commands.send({
        stationId: request.params.stationId,
        type: request.body.type,
        params: request.body.params ?? {},
        requestedBy: opts.actor,
      });
      return reply.status(202).send(command);
    },
  );

  app.get(
    '/commands',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'Tracked commands, newest first',
        querystring: CommandListQuery,
        response: { 200: listOf(TrackedCommandView), ...problemResponses(400), ...authProblems },
      },
    },
    async (request) => {
      const { station_id, status, limit } = request.query;
      return {
        items: await fleet.commandRecords.list({
          ...(station_id ? { stationId: station_id } : {}),
          ...(status ? { status } : {}),
          limit,
        }),
      };
    },
  );

  app.get(
    '/commands/:commandId',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'One tracked command',
        params: CommandIdParams,
        response: { 200: TrackedCommandView, ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => {
      const command = await fleet.commandRecords.get(request.params.commandId);
      if (!command) throw commandNotFound(request.params.commandId);
      return command;
    },
  );

  app.get(
    '/alerts',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'Operations alerts, newest first',
        querystring: AlertListQuery,
        response: { 200: listOf(AlertView), ...problemResponses(400), ...authProblems },
      },
    },
    async (request) => {
      const { status, station_id, type, limit } = request.query;
      return {
        items: await fleet.alerts.list({
          ...(status ? { status } : {}),
          ...(station_id ? { stationId: station_id } : {}),
          ...(type ? { type } : {}),
          limit,
        }),
      };
    },
  );

  app.post(
    '/alerts/:alertId/resolve',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'Resolve an alert (idempotent)',
        params: AlertIdParams,
        response: { 200: AlertView, ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => fleet.alerts.resolve(request.params.alertId),
  );
};
