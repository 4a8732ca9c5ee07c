export interface ReviewRequest {
  organisation?: string;
  inventoryDir: string;
  checks?: readonly string[];
  requestedBy: string;
  reason: 'manual' | 'schedule' | 'webhook' | 'ci';
}
export interface StartedReview { jobId: string }
export type ReviewStarter = (request: ReviewRequest) => Promise<StartedReview>;
