import { describe, expect, it } from 'vitest';
import { InventoryFile } from '../inventory/schema.ts';
import { knownKeysAt } from './known-keys.ts';

describe('the keys a place in a schema takes, for messages about unknown keys', () => {
  it.each([
    [['assets', 0, 'relations'], ['trainedOn', 'servedBy', 'runsIn', 'retrievesFrom', 'logsTo', 'storedIn', 'dependsOn']],
    [['controls', 2, 'scope'], ['assets', 'elements', 'kinds', 'tags']],
    [[], ['organisation', 'assets', 'controls']],
  ] as const)('%j', (path, keys) => expect(knownKeysAt(InventoryFile, path)).toEqual(keys));

  it('asset entries list their fields, attributes their names', () => {
    expect(knownKeysAt(InventoryFile, ['assets', 3])).toEqual(expect.arrayContaining(['id', 'owner', 'relations', 'notApplicable']));
    expect(knownKeysAt(InventoryFile, ['assets', 3, 'attributes'])).toContain('retrievesUntrustedContent');
  });

  it('says nothing where it cannot tell', () => expect(knownKeysAt(InventoryFile, ['assets', 0, 'name'])).toBeUndefined());
});
