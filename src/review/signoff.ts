/** A named role's approval of one stored review. Each role signs a review at most once. */
export interface Signoff {
  id: number;
  reviewId: number;
  role: string;
  name: string;
  note: string | undefined;
  signedAt: string;
}

/** Roles are short lower-case words so policies and reports can name them: security, data-science, risk. */
export const ROLE_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
