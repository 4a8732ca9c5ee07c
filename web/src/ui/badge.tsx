import { COVERAGE_LABEL, isCoverage, isLevel, LEVEL_LABEL } from './levels.ts';

/**
 * A coverage state or risk level as a labelled chip. The colour (styles.css, `badge-<value>`) repeats what the text
 * says, so nothing depends on seeing colour; text and chip pass WCAG AA contrast.
 */
export function Badge(props: { value: string; kind?: 'coverage' | 'level' }) {
  const { value } = props;
  const kind = props.kind ?? (isLevel(value) ? 'level' : 'coverage');
  const label = kind === 'level' && isLevel(value) ? LEVEL_LABEL[value] : isCoverage(value) ? COVERAGE_LABEL[value] : value;
  return (
    <span className={`badge badge-${kind} badge-${value}`} title={kind === 'level' ? `risk: ${label}` : `coverage: ${label}`}>
      {label}
    </span>
  );
}
