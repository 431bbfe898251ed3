import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The GBFS 2.3 documents we publish, as schemas (for OpenAPI and for the tests). Power banks are the
 * one vehicle type; no document ever names an individual power bank.
 */
export const GBFS_VERSION = '2.3';

const envelope = <T extends TSchema>(data: T) =>
  Type.Object({
    last_updated: Type.Integer({ description: 'POSIX seconds of the last change of the data' }),
    ttl: Type.Integer({ description: 'Seconds the document may be cached (GBFS_TTL_SECONDS)' }),
    version: Type.Literal(GBFS_VERSION),
    data,
  });

export const GbfsDiscovery = envelope(
  Type.Record(
    Type.String({ description: 'language' }),
    Type.Object({ feeds: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })) }),
  ),
);

export const GbfsSystemInformation = envelope(
  Type.Object({
    system_id: Type.String(),
    language: Type.String(),
    name: Type.String(),
    timezone: Type.String(),
    url: Type.Optional(Type.String()),
  }),
);

export const GbfsVehicleTypes = envelope(
  Type.Object({
    vehicle_types: Type.Array(
      Type.Object({
        vehicle_type_id: Type.String(),
        form_factor: Type.String(),
        propulsion_type: Type.String(),
        name: Type.String(),
      }),
    ),
  }),
);

export const GbfsStationInformation = envelope(
  Type.Object({
    stations: Type.Array(
      Type.Object({
        station_id: Type.String(),
        name: Type.String(),
        short_name: Type.String({ description: 'The code on the station QR sticker' }),
        lat: Type.Number(),
        lon: Type.Number(),
        address: Type.String(),
        capacity: Type.Integer({ description: 'Slots' }),
      }),
    ),
  }),
);

export const GbfsStationStatus = envelope(
  Type.Object({
    stations: Type.Array(
      Type.Object({
        station_id: Type.String(),
        num_bikes_available: Type.Integer({ description: 'Rentable power banks (GBFS 2.3 field name)' }),
        num_vehicles_available: Type.Integer({ description: 'The same count under its GBFS 3 name' }),
        vehicle_types_available: Type.Array(
          Type.Object({ vehicle_type_id: Type.String(), count: Type.Integer() }),
        ),
        num_docks_available: Type.Integer({ description: 'Free slots to return into' }),
        num_docks_disabled: Type.Integer({ description: 'Faulted or disabled slots' }),
        is_installed: Type.Boolean(),
        is_renting: Type.Boolean(),
        is_returning: Type.Boolean(),
        last_reported: Type.Integer({ description: 'POSIX seconds the station last reported' }),
      }),
    ),
  }),
);

export type GbfsDiscovery = Static<typeof GbfsDiscovery>;
export type GbfsSystemInformation = Static<typeof GbfsSystemInformation>;
export type GbfsVehicleTypes = Static<typeof GbfsVehicleTypes>;
export type GbfsStationInformation = Static<typeof GbfsStationInformation>;
export type GbfsStationStatus = Static<typeof GbfsStationStatus>;
