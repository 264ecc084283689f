// The two file formats of the open-data exports, row by row so that a file is written as it is
// read from the database: CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheets read
// accents right) and JSON (one array, one object per row).

export type Cell = string | number | boolean | null;

export const CSV_BOM = "\uFEFF";
const CRLF = "\r\n";

/**
 * A text starting with =, +, -, @ (or a tab or carriage return) is a formula for spreadsheets: it
 * gets a leading apostrophe in the CSV so that opening the file never runs it (OWASP's advice).
 * The JSON keeps the exact text.
 */
function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: Cell, options: { freeText?: boolean } = {}): string {
  if (value == null) return "";
  let text = typeof value === "string" ? value : String(value);
  if (options.freeText) text = defuseFormula(text);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type Column<Row> = {
  name: string;
  value: (row: Row) => Cell;
  /** Written by members (titles, texts): formulas defused in the CSV. */
  freeText?: boolean;
};

export function csvHeader<Row>(columns: Column<Row>[]): string {
  return CSV_BOM + columns.map((c) => csvField(c.name)).join(",") + CRLF;
}

export function csvRow<Row>(columns: Column<Row>[], row: Row): string {
  return columns.map((c) => csvField(c.value(row), { freeText: c.freeText })).join(",") + CRLF;
}

export function jsonRow<Row>(columns: Column<Row>[], row: Row): string {
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.value(row)])));
}

/** Writes a streamed JSON array: "[", then rows separated by commas, then "]". */
export class JsonArrayWriter {
  private first = true;
  open(): string {
    return "[";
  }
  row(json: string): string {
    const prefix = this.first ? "\n" : ",\n";
    this.first = false;
    return prefix + json;
  }
  close(): string {
    return this.first ? "]\n" : "\n]\n";
  }
}
