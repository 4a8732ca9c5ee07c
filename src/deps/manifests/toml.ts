import { parse, TomlError } from 'smol-toml';
import { inputError } from '../../errors.ts';

/** TOML for pyproject and lock files; a syntax error names the file, line and column. */
export function parseToml(file: string, source: string): Record<string, unknown> {
  try {
    return parse(source) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw inputError(`not valid TOML: ${error.message.split('\n')[0]}`, { file, line: error.line, column: error.column }, 'fix the syntax at that position');
    }
    throw error;
  }
}
