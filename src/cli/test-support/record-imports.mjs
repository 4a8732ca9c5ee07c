// `node --import ./record-imports.mjs …` appends every module URL the program resolves to the file named by
// IMPORT_LOG, so a test can see what a command line loads without timing it.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IMPORT_LOG, result.url + '\\n');
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
