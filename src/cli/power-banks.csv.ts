import { NewPowerBankSchema, type NewPowerBankInput } from '../modules/fleet/index.js';
import { fieldErrors } from '../kernel/validation.js';

/**
 * Power bank CSV import: header `id,capacityMah,batteryPct,healthPct` (any order; `id` required,
 * `cycleCount` also allowed), one power bank per line. Parsing collects every problem with its line
 * and field, so a file is fixed in one round and nothing is imported until it is entirely valid.
 */
export const CSV_COLUMNS = ['id', 'capacityMah', 'batteryPct', 'healthPct', 'cycleCount'] as const;
type Column = (typeof CSV_COLUMNS)[number];
const NUMERIC = new Set<Column>(['capacityMah', 'batteryPct', 'healthPct', 'cycleCount']);

export interface CsvRow {
  line: number;
  bank: NewPowerBankInput;
}

export interface CsvProblem {
  line: number;
  field: string;
  message: string;
}

export interface ParsedCsv {
  rows: CsvRow[];
  problems: CsvProblem[];
}

/** Splits one CSV line, honouring double quotes ("a,b" and "" escapes); returns undefined on an unclosed quote. */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (ch === ',') {
      fields.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (quoted) return undefined;
  fields.push(current.trim());
  return fields;
}

/** Parses and validates the whole file; `problems` is empty only when every row can be imported. */
export function parsePowerBankCsv(text: string): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: CsvProblem[] = [];
  const header = splitCsvLine(lines[0] ?? '') ?? [];
  const columns: Column[] = [];
  for (const name of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      problems.push({
        line: 1,
        field: name || '(empty)',
        message: `unknown column; expected ${CSV_COLUMNS.join(', ')}`,
      });
    } else if (columns.includes(name as Column)) {
      problems.push({ line: 1, field: name, message: 'column appears twice' });
    }
    columns.push(name as Column);
  }
  if (!columns.includes('id'))
    problems.push({ line: 1, field: 'id', message: 'the header must have an id column' });
  if (problems.length > 0) return { rows: [], problems };

  const rows: CsvRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const values = splitCsvLine(raw);
    if (!values) {
      problems.push({ line: lineNo, field: '', message: 'unclosed double quote' });
      continue;
    }
    if (values.length !== columns.length) {
      problems.push({
        line: lineNo,
        field: '',
        message: `has ${values.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const bank: Record<string, unknown> = {};
    let rowOk = true;
    columns.forEach((column, c) => {
      const value = values[c]!;
      if (value === '') return;
      if (NUMERIC.has(column)) {
        if (!/^-?\d+$/.test(value)) {
          problems.push({ line: lineNo, field: column, message: `must be an integer (got "${value}")` });
          rowOk = false;
          return;
        }
        bank[column] = Number(value);
      } else bank[column] = value;
    });
    if (!rowOk) continue;
    const errors = fieldErrors(NewPowerBankSchema, bank);
    if (errors.length > 0) {
      for (const e of errors) problems.push({ line: lineNo, field: e.field || 'id', message: e.message });
      continue;
    }
    const id = bank.id as string;
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      problems.push({ line: lineNo, field: 'id', message: `${id} already appears on line ${first}` });
      continue;
    }
    firstLineOf.set(id, lineNo);
    rows.push({ line: lineNo, bank: bank as NewPowerBankInput });
  }
  return { rows, problems };
}

/** `line 3, batteryPct: must be an integer (got "x")` */
export function formatProblem(p: CsvProblem): string {
  return `line ${p.line}${p.field ? `, ${p.field}` : ''}: ${p.message}`;
}
