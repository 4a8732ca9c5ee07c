import type { CheckDeclaration } from './contract.ts';
import { evasionCheck } from './prediction-api/evasion/index.ts';
import { exposureCheck } from './prediction-api/exposure/index.ts';
import { extractionCheck } from './prediction-api/extraction/index.ts';
import { membershipInferenceCheck } from './prediction-api/membership-inference/index.ts';
import { exposure as inferenceEndpointExposure } from './inference-endpoint/exposure/index.ts';
import { mlServices } from './inference-endpoint/ml-services/index.ts';
import { unsafeDeserialization } from './model-file/unsafe-deserialization/index.ts';
import { vulnerablePackages } from './dependencies/vulnerable-packages/index.ts';

/**
 * Every check, one line each. A test keeps this list equal to the check folders under src/checks/;
 * every index (technique → checks, the catalogue, CLI filters) is derived from it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks differ in target, params and evidence types; each is typed in its own folder
export const checks: readonly CheckDeclaration<any, any, any>[] = [
  inferenceEndpointExposure,
  mlServices,
  unsafeDeserialization,
  evasionCheck,
  exposureCheck,
  extractionCheck,
  membershipInferenceCheck,
  vulnerablePackages,
];
