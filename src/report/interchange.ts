import type { Review } from '../review/review.ts';
import type { FormatContext } from './format-context.ts';
import { renderHdf } from './hdf.ts';
import { renderJunit } from './junit.ts';
import { renderNavigator } from './navigator.ts';
import { renderOcsf } from './ocsf.ts';
import { renderSarif } from './sarif.ts';

export interface InterchangeFormat {
  render: (review: Review, context: FormatContext) => string;
  /** The default file name when a review is written to a folder. */
  fileName: string;
  mediaType: string;
}

export type InterchangeFormatName = 'navigator' | 'sarif' | 'junit' | 'ocsf' | 'hdf';

/** The interchange formats, for `src/report/formats.ts` to merge into the format map. */
export const INTERCHANGE_FORMATS: Record<InterchangeFormatName, InterchangeFormat> = {
  navigator: { render: renderNavigator, fileName: 'atlas-layer.json', mediaType: 'application/json' },
  sarif: { render: renderSarif, fileName: 'rampart.sarif', mediaType: 'application/sarif+json' },
  junit: { render: renderJunit, fileName: 'rampart-junit.xml', mediaType: 'application/xml' },
  ocsf: { render: renderOcsf, fileName: 'rampart-ocsf.json', mediaType: 'application/json' },
  hdf: { render: renderHdf, fileName: 'rampart-hdf.json', mediaType: 'application/json' },
};
