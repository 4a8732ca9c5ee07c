import type { CheckDeclaration } from './contract.ts';
import { evasionCheck } from './prediction-api/evasion/index.ts';
import { exposureCheck } from './prediction-api/exposure/index.ts';
import { extractionCheck } from './prediction-api/extraction/index.ts';
import { membershipInferenceCheck } from './prediction-api/membership-inference/index.ts';
import { exposure as inferenceEndpointExposure } from './inference-endpoint/exposure/index.ts';
import { mlServices } from './inference-endpoint/ml-services/index.ts';
import { unsafeDeserialization } from './model-file/unsafe-deserialization/index.ts';
import { vulnerablePackages } from './dependencies/vulnerable-packages/index.ts';
import { labelIssues as datasetLabelIssues } from './dataset/label-issues/index.ts';
import { backdoorTriggers as datasetBackdoorTriggers } from './dataset/backdoor-triggers/index.ts';
import { duplicates as datasetDuplicates } from './dataset/duplicates/index.ts';
import { outliers as datasetOutliers } from './dataset/outliers/index.ts';
import { directInjection as llmAppDirectInjection } from './llm-app/direct-injection/index.ts';
import { indirectInjection as llmAppIndirectInjection } from './llm-app/indirect-injection/index.ts';
import { jailbreak as llmAppJailbreak } from './llm-app/jailbreak/index.ts';
import { obfuscation as llmAppObfuscation } from './llm-app/obfuscation/index.ts';
import { systemPrompt as llmAppSystemPrompt } from './llm-app/system-prompt/index.ts';
import { dataLeakage as llmAppDataLeakage } from './llm-app/data-leakage/index.ts';
import { renderingExfiltration as llmAppRenderingExfiltration } from './llm-app/rendering-exfiltration/index.ts';
import { toolAbuse as llmAppToolAbuse } from './llm-app/tool-abuse/index.ts';
import { resourceExhaustion as llmAppResourceExhaustion } from './llm-app/resource-exhaustion/index.ts';
import { historyManipulation as llmAppHistoryManipulation } from './llm-app/history-manipulation/index.ts';
import { MONITOR_CHECKS } from './monitor/registry.ts';

/**
 * Every check, one line each (the `monitor/*` ones in monitor/registry.ts). A test keeps this list equal to the
 * check folders under src/checks/; every index (technique → checks, the catalogue, CLI filters) is derived from it.
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
  datasetLabelIssues,
  datasetBackdoorTriggers,
  datasetDuplicates,
  datasetOutliers,
  llmAppDirectInjection,
  llmAppIndirectInjection,
  llmAppJailbreak,
  llmAppObfuscation,
  llmAppSystemPrompt,
  llmAppDataLeakage,
  llmAppRenderingExfiltration,
  llmAppToolAbuse,
  llmAppResourceExhaustion,
  llmAppHistoryManipulation,
  // The monitor family's list is its own, so that `rampart monitor` loads only it.
  ...MONITOR_CHECKS,
];
