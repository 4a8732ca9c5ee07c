import { useState } from 'react';
import type { Matrix, MatrixCell } from '../../api/types.ts';
import { COVERAGE_LABEL } from '../../ui/levels.ts';
import { cellClass, type ColourBy } from './colour.ts';

interface Props {
  matrix: Matrix;
  by: ColourBy;
  onOpen: (techniqueId: string) => void;
}

/** Tactic columns of technique cells; a cell opens the findings behind it, a ▸ shows its sub-techniques. */
export function Heatmap(props: Props) {
  const { matrix } = props;
  const [open, setOpen] = useState<Set<string>>(new Set());
  const maxRisk = Math.max(0, ...matrix.tactics.flatMap((t) => t.techniques.flatMap((c) => [c, ...c.subTechniques])).map((c) => c.posture?.riskTotal ?? 0));
  const toggle = (id: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const cell = (c: MatrixCell, tactic: string, sub = false) => {
    const label = c.posture
      ? `${c.name} (${c.id}): ${c.posture.findings} findings, worst ${c.posture.worst ? COVERAGE_LABEL[c.posture.worst].toLowerCase() : '—'}, risk ${c.posture.riskTotal}`
      : `${c.name} (${c.id}): does not apply to the assets in view`;
    return (
      <li key={`${tactic}/${c.id}`} className={sub ? 'sub' : undefined}>
        <div className="technique">
          {c.posture ? (
            <button type="button" className={`cell ${cellClass(c.posture, props.by, maxRisk)}`} aria-label={label} title={label} onClick={() => props.onOpen(c.id)}>
              <span className="cell-name">{c.name}</span>
              <span className="cell-figure">{props.by === 'risk' ? c.posture.riskTotal : c.posture.findings}</span>
            </button>
          ) : (
            <span className="cell cell-na" title={label}>
              <span className="cell-name">{c.name}</span>
            </span>
          )}
          {c.subTechniques.length > 0 && (
            <button type="button" className="expand" aria-expanded={open.has(c.id)} aria-label={`${open.has(c.id) ? 'Hide' : 'Show'} the ${c.subTechniques.length} sub-techniques of ${c.name}`} onClick={() => toggle(c.id)}>
              {open.has(c.id) ? '▾' : '▸'} {c.subTechniques.length}
            </button>
          )}
        </div>
        {open.has(c.id) && <ul className="subs">{c.subTechniques.map((s) => cell(s, tactic, true))}</ul>}
      </li>
    );
  };

  return (
    <div className="heatmap" role="region" aria-label="ATLAS matrix heatmap" tabIndex={0}>
      {matrix.tactics.map((tactic) => (
        <section key={tactic.id} id={tactic.id} className="tactic" aria-label={`${tactic.name}: ${tactic.posture.findings} findings`}>
          <h2>
            {tactic.name}
            <span className="muted"> {tactic.posture.findings}</span>
          </h2>
          <ul>{tactic.techniques.map((t) => cell(t, tactic.id))}</ul>
        </section>
      ))}
    </div>
  );
}
