import type { NewSite, OpeningHours } from './fleet.types.js';

/**
 * The demo network `npm start` and `chargenet seed --demo` create: real venues in seven cities, four
 * countries and four time zones, so maps, time zones and opening hours look like a real network.
 * Station codes are fixed (they identify the demo rows when seeding again); they contain 0 and 1,
 * which generated codes never do, so they cannot collide with a real station's.
 */
export interface DemoStation {
  code: string;
  slots: number;
}

/** A demo venue: the fields of a new site (always with opening hours stated) and its stations. */
export interface DemoSite extends Omit<NewSite, 'id' | 'openingHours'> {
  openingHours: OpeningHours | null;
  stations: DemoStation[];
}

type Day = [string, string][];
const everyDay = (hours: Day): OpeningHours => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: hours,
});
const weekAndSunday = (week: Day, sunday: Day): OpeningHours => ({ ...everyDay(week), sun: sunday });

export const DEMO_SITES: DemoSite[] = [
  {
    name: "King's Cross Station, Western Concourse",
    address: 'Euston Road, London N1 9AL',
    city: 'London',
    country: 'GB',
    timeZone: 'Europe/London',
    lat: 51.5318,
    lng: -0.1233,
    openingHours: everyDay([['05:00', '24:00']]),
    stations: [
      { code: 'LDN001', slots: 24 },
      { code: 'LDN002', slots: 24 },
      { code: 'LDN003', slots: 12 },
    ],
  },
  {
    name: 'Boxpark Shoreditch',
    address: '2-10 Bethnal Green Road, London E1 6GY',
    city: 'London',
    country: 'GB',
    timeZone: 'Europe/London',
    lat: 51.5235,
    lng: -0.076,
    openingHours: weekAndSunday([['11:00', '23:00']], [['11:00', '22:00']]),
    stations: [
      { code: 'LDN010', slots: 12 },
      { code: 'LDN011', slots: 8 },
    ],
  },
  {
    name: 'Manchester Piccadilly Station',
    address: 'Piccadilly, Manchester M60 7RA',
    city: 'Manchester',
    country: 'GB',
    timeZone: 'Europe/London',
    lat: 53.4774,
    lng: -2.2309,
    openingHours: everyDay([['04:30', '24:00']]),
    stations: [
      { code: 'MAN001', slots: 16 },
      { code: 'MAN002', slots: 16 },
      { code: 'MAN003', slots: 8 },
    ],
  },
  {
    name: 'Gare de Lyon, Hall 1',
    address: 'Place Louis-Armand, 75012 Paris',
    city: 'Paris',
    country: 'FR',
    timeZone: 'Europe/Paris',
    lat: 48.8443,
    lng: 2.3744,
    openingHours: everyDay([['05:00', '24:00']]),
    stations: [
      { code: 'PAR001', slots: 24 },
      { code: 'PAR002', slots: 16 },
      { code: 'PAR003', slots: 16 },
    ],
  },
  {
    name: 'Forum des Halles',
    address: '101 Porte Berger, 75001 Paris',
    city: 'Paris',
    country: 'FR',
    timeZone: 'Europe/Paris',
    lat: 48.8625,
    lng: 2.347,
    openingHours: weekAndSunday([['10:00', '20:30']], [['11:00', '19:00']]),
    stations: [
      { code: 'PAR010', slots: 12 },
      { code: 'PAR011', slots: 12 },
    ],
  },
  {
    name: 'Berlin Hauptbahnhof',
    address: 'Europaplatz 1, 10557 Berlin',
    city: 'Berlin',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    lat: 52.5251,
    lng: 13.3694,
    openingHours: null,
    stations: [
      { code: 'BER001', slots: 24 },
      { code: 'BER002', slots: 16 },
      { code: 'BER003', slots: 12 },
    ],
  },
  {
    name: 'Markthalle Neun',
    address: 'Eisenbahnstraße 42/43, 10997 Berlin',
    city: 'Berlin',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    lat: 52.5022,
    lng: 13.4317,
    openingHours: {
      mon: [['12:00', '22:00']],
      tue: [['12:00', '22:00']],
      wed: [['12:00', '22:00']],
      thu: [['12:00', '22:00']],
      fri: [['12:00', '22:00']],
      sat: [['10:00', '22:00']],
    },
    stations: [
      { code: 'BER010', slots: 8 },
      { code: 'BER011', slots: 6 },
    ],
  },
  {
    name: 'Mercado de San Miguel',
    address: 'Plaza de San Miguel, s/n, 28005 Madrid',
    city: 'Madrid',
    country: 'ES',
    timeZone: 'Europe/Madrid',
    lat: 40.4154,
    lng: -3.709,
    openingHours: everyDay([['10:00', '24:00']]),
    stations: [
      { code: 'MAD001', slots: 16 },
      { code: 'MAD002', slots: 12 },
      { code: 'MAD003', slots: 8 },
    ],
  },
  {
    name: 'Shibuya Scramble Square',
    address: '2-24-12 Shibuya, Shibuya City, Tokyo 150-0002',
    city: 'Tokyo',
    country: 'JP',
    timeZone: 'Asia/Tokyo',
    lat: 35.6585,
    lng: 139.7022,
    openingHours: everyDay([['10:00', '21:00']]),
    stations: [
      { code: 'TYO001', slots: 24 },
      { code: 'TYO002', slots: 24 },
      { code: 'TYO003', slots: 16 },
    ],
  },
  {
    name: 'Grand Central Terminal, Main Concourse',
    address: '89 E 42nd St, New York, NY 10017',
    city: 'New York',
    country: 'US',
    timeZone: 'America/New_York',
    lat: 40.7527,
    lng: -73.9772,
    openingHours: everyDay([
      ['00:00', '02:00'],
      ['05:30', '24:00'],
    ]),
    stations: [
      { code: 'NYC001', slots: 24 },
      { code: 'NYC002', slots: 16 },
      { code: 'NYC003', slots: 12 },
    ],
  },
  {
    name: 'Chelsea Market',
    address: '75 9th Ave, New York, NY 10011',
    city: 'New York',
    country: 'US',
    timeZone: 'America/New_York',
    lat: 40.7424,
    lng: -74.0061,
    openingHours: weekAndSunday([['07:00', '22:00']], [['08:00', '22:00']]),
    stations: [
      { code: 'NYC010', slots: 12 },
      { code: 'NYC011', slots: 6 },
    ],
  },
];

/** Every demo station code, in seeding order. */
export const DEMO_STATION_CODES: string[] = DEMO_SITES.flatMap((site) => site.stations.map((s) => s.code));

/** Where the banner's "stations near" example points: King's Cross, London. */
export const DEMO_NEAR = { lat: 51.5308, lng: -0.1238, radiusM: 5000 };
