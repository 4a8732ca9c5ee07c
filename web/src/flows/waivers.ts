import { apiSend } from '../api/client.ts';

/** The waiver work flow's calls (src/server/routes/waivers.ts), shared by the finding page and the waivers page. */
const base = (organisation: string) => `/organisations/${encodeURIComponent(organisation)}`;

export function requestWaiver(organisation: string, request: { findingId: string; justification: string; expires: string }): Promise<unknown> {
  return apiSend('POST', `${base(organisation)}/waiver-requests`, request);
}

export function approveWaiverRequest(organisation: string, id: number): Promise<unknown> {
  return apiSend('POST', `${base(organisation)}/waiver-requests/${id}/approve`);
}

export function rejectWaiverRequest(organisation: string, id: number, reason: string): Promise<unknown> {
  return apiSend('POST', `${base(organisation)}/waiver-requests/${id}/reject`, { reason });
}

export function revokeWaiver(organisation: string, id: number, reason: string): Promise<unknown> {
  return apiSend('POST', `${base(organisation)}/waivers/${id}/revoke`, { reason });
}
