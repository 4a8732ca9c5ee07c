/** Requests a campaign may send when neither `--budget` nor the target file says otherwise. */
export const DEFAULT_BUDGET = 1000;

/** Where the request budget a campaign really runs with came from. */
export type BudgetSource = 'target file' | '--budget' | 'default';

export interface CampaignBudget {
  requests: number;
  from: BudgetSource;
}

/**
 * The request budget a campaign will really run with: the lower of the command's (`--budget`, or the default)
 * and the target file's `budget.requests`. The file is the owner's word, so it caps; the option only lowers.
 * Printing the command's figure when the file caps lower would promise requests the target never sends.
 */
export function campaignBudget(option: number | undefined, fileCap: number | undefined): CampaignBudget {
  const command: CampaignBudget = option !== undefined ? { requests: option, from: '--budget' } : { requests: DEFAULT_BUDGET, from: 'default' };
  return fileCap !== undefined && fileCap < command.requests ? { requests: fileCap, from: 'target file' } : command;
}
