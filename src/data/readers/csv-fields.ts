import { dataError } from './data-error.ts';

/**
 * The fields of one CSV record (RFC 4180: quoted fields may hold commas, newlines and doubled quotes). Text
 * after a closing quote (`"2"x`) is refused rather than guessed at: the error names the field.
 */
export function csvFields(record: string, delimiter = ',', where?: { file: string; line: number; names?: readonly string[] }): string[] {
  if (!record.includes('"')) return record.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i] as string;
    if (inQuotes) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
        const next = record[i + 1];
        if (next !== undefined && next !== delimiter && where) {
          const at = fields.length;
          throw dataError(where.file, 'text follows a closing quote', { line: where.line, column: where.names?.[at] ?? String(at + 1) }, 'quote the whole value, and double the quotes inside it ("")');
        }
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
