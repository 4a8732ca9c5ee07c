import { COVERAGE_LABEL, COVERAGES, type Coverage } from './levels.ts';

/** Findings by coverage as one stacked bar; its label spells the counts out for screen readers. */
export function CoverageBar(props: { byCoverage: Record<Coverage, number> }) {
  const total = COVERAGES.reduce((sum, c) => sum + props.byCoverage[c], 0);
  const spoken = COVERAGES.filter((c) => props.byCoverage[c] > 0)
    .map((c) => `${props.byCoverage[c]} ${COVERAGE_LABEL[c].toLowerCase()}`)
    .join(', ');
  return (
    <div className="bar" role="img" aria-label={total === 0 ? 'no findings' : spoken}>
      {COVERAGES.map((c) => (props.byCoverage[c] > 0 ? <span key={c} className={`c-${c}`} style={{ width: `${(props.byCoverage[c] / total) * 100}%` }} /> : null))}
    </div>
  );
}

export function CoverageLegend() {
  return (
    <div className="legend" aria-hidden="true">
      {COVERAGES.map((c) => (
        <span key={c}>
          <span className={`swatch bar-swatch c-${c}`} />
          {COVERAGE_LABEL[c]}
        </span>
      ))}
    </div>
  );
}
