import { Option } from 'commander';

export function formatOption<const F extends readonly [string, ...string[]]>(formats: F, fallback: F[number] = formats[0]): Option {
  return new Option('-f, --format <format>', 'output format').choices(formats).default(fallback);
}

export function atlasOption(): Option {
  return new Option('--atlas <file>', 'use this ATLAS release (ATLAS.yaml) instead of the bundled 5.6.0');
}
