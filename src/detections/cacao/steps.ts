/**
 * The response phases every playbook walks (NIST SP 800-61 order), with the ATLAS mitigations each phase draws
 * on: a phase names those of its candidates that ATLAS maps to the technique, and its own first candidate when
 * none is (triage always rests on telemetry, containment on access control).
 */
export type Phase = 'triage' | 'contain' | 'eradicate' | 'recover' | 'notify';
export const PHASES: readonly Phase[] = ['triage', 'contain', 'eradicate', 'recover', 'notify'];

export const PHASE_MITIGATIONS: Record<Phase, readonly string[]> = {
  triage: ['AML.M0024', 'AML.M0015'],
  contain: ['AML.M0019', 'AML.M0004', 'AML.M0026', 'AML.M0027', 'AML.M0028', 'AML.M0029', 'AML.M0005'],
  eradicate: ['AML.M0020', 'AML.M0003', 'AML.M0015', 'AML.M0033', 'AML.M0030', 'AML.M0002', 'AML.M0010', 'AML.M0006', 'AML.M0021', 'AML.M0022', 'AML.M0032'],
  recover: ['AML.M0008', 'AML.M0014', 'AML.M0013', 'AML.M0023'],
  notify: ['AML.M0018', 'AML.M0000'],
};

export const PHASE_ACTIVITY: Record<Phase, string> = {
  triage: 'analyze-collected-data',
  contain: 'restrict-access',
  eradicate: 'eliminate-risk',
  recover: 'restore-capabilities',
  notify: 'deliver-content',
};

export interface PhaseInput {
  assetId: string;
  techniqueId: string;
  techniqueName: string;
  owner: string;
  /** Model versions the inventory lists for the asset, newest last as written. */
  versions: readonly string[];
  llm: boolean;
  rules: readonly string[];
}

/** What a person does in each phase: concrete commands, each one line, for the asset and technique. */
export function phaseCommands(phase: Phase, x: PhaseInput): { name: string; description: string; commands: string[] } {
  const current = x.versions[x.versions.length - 1];
  const previous = x.versions[x.versions.length - 2];
  switch (phase) {
    case 'triage':
      return {
        name: `Triage the ${x.techniqueId} alert on ${x.assetId}`,
        description: `Confirm the alert from the Sigma rules (${x.rules.join(', ')}) is ${x.techniqueName} and not a known false positive; find the client or API key, the first and last event, and what the model returned.`,
        commands: [
          `Pull every inference-log event of the alerting client or API key on ${x.assetId} within the alert window and the 24 hours before it.`,
          'Check the events against the rule\'s listed false positives and the client\'s normal volume; close the alert as benign if they explain it.',
          `Record the client, API key, source addresses, first and last event and the ${x.llm ? 'prompts and replies' : 'queries and returned scores'} as incident evidence.`,
        ],
      };
    case 'contain':
      return {
        name: `Contain: cut the attacker's access to ${x.assetId}`,
        description: 'Stop the attack while it is investigated: throttle or revoke the credentials used, and take a tampered or abused model version out of service.',
        commands: [
          'Throttle the alerting API key to the lowest rate the client\'s contract allows, or revoke it and issue a new key to the legitimate owner.',
          'Block the source addresses at the gateway while the investigation runs.',
          current
            ? `If model version ${current} misbehaved or was altered, quarantine it in the registry and roll back to ${previous ?? 'the last version that passed review'}.`
            : `If the served model version misbehaved or was altered, quarantine it in the registry and roll back to the last version that passed review.`,
        ],
      };
    case 'eradicate':
      return {
        name: `Eradicate: close the ${x.techniqueId} path on ${x.assetId}`,
        description: 'Remove what let the attack work, using the mitigations this step names.',
        commands: [
          x.llm
            ? 'Add the attack\'s prompts to the input guardrail and the leaked strings to the output filter; rotate any secret or canary that appeared in a reply.'
            : 'Lower what the API returns (labels instead of scores, rounded scores) and enforce per-client query quotas.',
          'Re-run the Rampart checks for this technique (rampart review --checks) and keep the evidence.',
        ],
      };
    case 'recover':
      return {
        name: `Recover: return ${x.assetId} to normal service`,
        description: 'Restore service with a verified model and normal limits, and watch for the attacker\'s return.',
        commands: [
          'Verify the model version to be served (artifact hash, evaluation on the held-out set) before restoring traffic.',
          'Restore normal rate limits and keys for legitimate clients; keep the Sigma rules in alerting mode.',
        ],
      };
    case 'notify':
      return {
        name: `Notify the owner (${x.owner}) and record the incident`,
        description: `Tell the asset owner, security operations and, where data left the organisation, the privacy officer; record the incident against the review finding ${x.assetId}/${x.techniqueId}.`,
        commands: [
          `Send ${x.owner} and security operations the incident summary: technique, client, window, what was exposed and what was done.`,
          'Where personal or confidential data left the organisation, inform the privacy officer within the regulatory deadline.',
          `Record the incident on finding ${x.assetId}/${x.techniqueId} so the next review counts the detective control as proven.`,
        ],
      };
  }
}
