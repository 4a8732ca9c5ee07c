import type { Coverage, Level } from '../ui/levels.ts';

/** The shapes of the server's answers the pages read (see /api/openapi.json). */
export interface Organisation {
  name: string;
  reviews: number;
  latest?: number;
}

export interface ReviewMeta {
  id: number;
  organisation: string;
  reviewDate: string;
  generatedAt: string;
  storedAt: string;
  atlasVersion: string;
  assetCount: number;
  findingCount: number;
  summary: { covered: number; riskTotal: number; riskMax: number; levels: Record<Level, number>; byCoverage: Record<Coverage, number> };
}

export interface Posture {
  findings: number;
  byCoverage: Record<Coverage, number>;
  byLevel: Record<Level, number>;
  riskTotal: number;
  riskMax: number;
  covered: number;
  worst?: Coverage;
}

export interface Finding {
  id: string;
  rank: number;
  assetId: string;
  techniqueId: string;
  techniqueName?: string;
  coverage: Coverage;
  score: number;
  level: Level;
  owner?: string;
  status: 'open' | 'in-progress' | 'fixed' | 'accepted';
  assignee?: string;
}

/** A page of `GET /api/findings`, paged by cursor: pass `nextCursor` as `cursor` for the next page. */
export interface FindingPage {
  reviewId: number;
  organisation: string;
  sort: 'rank' | 'risk' | 'asset' | 'technique';
  order: 'asc' | 'desc';
  limit: number;
  total: number;
  findings: Finding[];
  nextCursor: string | null;
}

interface Listed<T> {
  count: number;
  first: T[];
}

export interface Dashboard {
  review: ReviewMeta;
  scope: 'organisation' | 'your assets';
  asOf: string;
  organisation: Posture;
  elements: { element: string; posture: Posture }[];
  tactics: { id: string; name: string; posture: Posture }[];
  changes: {
    previous?: { id: number; reviewDate: string; atlasVersion: string };
    atlasChanged?: boolean;
    new?: Listed<{ assetId: string; techniqueId: string; coverage: Coverage; level: Level; score: number }>;
    resolved?: Listed<{ assetId: string; techniqueId: string; how: string }>;
    regressed?: Listed<{ assetId: string; techniqueId: string; reasons: string[] }>;
    improved?: Listed<{ assetId: string; techniqueId: string; reasons: string[] }>;
  };
  overdue: { total: number; items: { assetId: string; techniqueId: string; level: Level; score: number; due: string; status: string; assignee?: string }[] };
  waivers: { expiring: { id: number; findingId: string; expires: string; approver: string; justification: string }[]; expired: number; withinDays: number };
}

export interface MatrixCell {
  id: string;
  name: string;
  posture?: Posture;
  subTechniques: MatrixCell[];
}

export interface Matrix {
  reviewId: number;
  organisation: string;
  atlasVersion: string;
  tactics: { id: string; name: string; posture: Posture; techniques: MatrixCell[] }[];
  assets: { id: string; name: string; element: string; owner?: string }[];
}
