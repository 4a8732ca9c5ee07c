/** What GET /api/organisations/{o}/findings/{a}/{t}/detail answers (src/server/routes/finding-detail.ts). */
export interface TrailStep {
  kind: string;
  text: string;
  control?: string;
  check?: string;
  effect?: string;
  outcome?: string;
}

export interface PlannedAction {
  action: string;
  control: string;
  title: string;
  type: string;
  mitigations: string[];
  riskRemoved: number;
}

export interface StoredFinding {
  id: string;
  assetId: string;
  techniqueId: string;
  techniqueName: string;
  tactics: string[];
  coverage: string;
  trail: TrailStep[];
  controls: string[];
  risk: { score: number; level: string; likelihood: number; impact: number; factors: Record<string, unknown> };
  plan: { owner?: string; due: string; actions: PlannedAction[] };
  path?: { caseStudy: string; caseStudyName: string; reach: number; steps: string[] };
}

export interface EvidenceItem {
  checkId: string;
  outcome: string;
  severity: string;
  summary: string;
  target: string;
  assets: string[];
  techniques: string[];
  measurements: Record<string, number>;
  pointers: { file?: string; member?: string; offset?: number; line?: number; request?: { method: string; url: string; status?: number }; note?: string }[];
  details: unknown;
  startedAt: string;
  finishedAt: string;
  effect?: string;
}

export interface Waiver {
  id: number;
  findingId: string;
  justification: string;
  approver: string;
  expires: string;
  createdAt: string;
  createdBy: string;
}

export interface WaiverRequest {
  id: number;
  organisation: string;
  findingId: string;
  justification: string;
  expires: string;
  requestedBy: string;
  requestedAt: string;
  state: 'pending' | 'approved' | 'rejected';
  waiverId?: number;
  decidedBy?: string;
  /** Why it was rejected. */
  reason?: string;
}

export interface FindingState {
  status: string;
  assignee?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface FindingDetail {
  reviewId: number;
  reviewDate: string;
  finding: StoredFinding;
  state: FindingState;
  evidence: EvidenceItem[];
  history: { reviewId: number; reviewDate: string; coverage: string; score: number; level: string }[];
  changes: { at: string; actor: string; before?: Partial<FindingState>; after?: Partial<FindingState> }[];
  waivers: Waiver[];
  requests: WaiverRequest[];
}

export const STATUSES = ['open', 'in-progress', 'fixed', 'accepted'] as const;
