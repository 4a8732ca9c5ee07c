import { extraction } from './extraction/index.ts';
import { evasionSearch } from './evasion-search/index.ts';
import { membershipProbing } from './membership-probing/index.ts';
import { flooding } from './flooding/index.ts';
import { promptAttacks } from './prompt-attacks/index.ts';
import { replyLeakage } from './reply-leakage/index.ts';
import { toolDestinations } from './tool-destinations/index.ts';
import { trainingRecords } from './training-records/index.ts';

/**
 * The `monitor/*` checks, in the registry's order (../registry.ts lists them from here): `rampart monitor` loads only
 * these, where importing the whole registry loaded the scanner, the LLM probes and the attacks too (~0.1 s of CPU on
 * every start).
 */
export const MONITOR_CHECKS = [extraction, evasionSearch, membershipProbing, flooding, promptAttacks, replyLeakage, toolDestinations, trainingRecords] as const;
