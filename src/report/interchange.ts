import type { FormatContext } from './format-context.ts';
import type { StreamedReview } from './stream/finding-source.ts';
import type { Sink } from './stream/sink.ts';
import { writeHdf } from './hdf.ts';
import { writeJunit } from './junit.ts';
import { writeNavigator } from './navigator.ts';
import { writeOcsf } from './ocsf.ts';
import { writeSarif } from './sarif.ts';

export interface InterchangeFormat {
  /** Streams the report into `out`, reading the findings as often as the format needs (never all at once). */
  write: (out: Sink, review: StreamedReview, context: FormatContext) => Promise<void>;
  /** The default file name when a review is written to a folder. */
  fileName: string;
  mediaType: string;
}

export type InterchangeFormatName = 'navigator' | 'sarif' | 'junit' | 'ocsf' | 'hdf';

/** The interchange formats, for `src/report/formats.ts` to merge into the format map. */
export const INTERCHANGE_FORMATS: Record<InterchangeFormatName, InterchangeFormat> = {
  navigator: { write: writeNavigator, fileName: 'atlas-layer.json', mediaType: 'application/json' },
  sarif: { write: writeSarif, fileName: 'rampart.sarif', mediaType: 'application/sarif+json' },
  junit: { write: writeJunit, fileName: 'rampart-junit.xml', mediaType: 'application/xml' },
  ocsf: { write: writeOcsf, fileName: 'rampart-ocsf.json', mediaType: 'application/json' },
  hdf: { write: writeHdf, fileName: 'rampart-hdf.json', mediaType: 'application/json' },
};
