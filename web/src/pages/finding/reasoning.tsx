import { score } from '../../flows/format.ts';
import type { StoredFinding } from './types.ts';

/** The gap analysis's reasoning, step by step, as the review recorded it. */
export function TrailPanel(props: { finding: StoredFinding }) {
  return (
    <section className="panel" aria-labelledby="trail-title">
      <h2 id="trail-title">Reasoning trail</h2>
      <ol className="trail">
        {props.finding.trail.map((step, i) => (
          <li key={i} className={`trail-${step.kind}`}>
            <span className="muted">{step.kind}</span> {step.text}
          </li>
        ))}
      </ol>
      {props.finding.path && (
        <p>
          Scored as the outcome of the attack path of case study {props.finding.path.caseStudyName} ({props.finding.path.caseStudy}): {props.finding.path.steps.join(' → ')}
        </p>
      )}
    </section>
  );
}

/** Likelihood × impact and every factor that went into them. */
export function RiskPanel(props: { finding: StoredFinding }) {
  const { risk } = props.finding;
  return (
    <section className="panel" aria-labelledby="risk-title">
      <h2 id="risk-title">Risk factors</h2>
      <p>
        Likelihood {score(risk.likelihood)} × impact {score(risk.impact)} = <strong>{score(risk.score)}</strong> ({risk.level})
      </p>
      <table className="plain">
        <caption className="muted">What the score is made of</caption>
        <tbody>
          {Object.entries(risk.factors).map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '—' : String(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What closes the finding: the actions, their controls and ATLAS mitigations, by risk removed; owner and due date. */
export function PlanPanel(props: { finding: StoredFinding }) {
  const { plan } = props.finding;
  return (
    <section className="panel" aria-labelledby="plan-title">
      <h2 id="plan-title">Plan</h2>
      <p>
        Owner <strong>{plan.owner ?? 'none named'}</strong> · due <strong>{plan.due}</strong>
      </p>
      {plan.actions.length === 0 ? (
        <p className="muted">Nothing to do: the technique is covered.</p>
      ) : (
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Control</th>
              <th scope="col">Type</th>
              <th scope="col">Mitigations</th>
              <th scope="col" className="num">
                Risk removed
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.actions.map((a) => (
              <tr key={`${a.action}-${a.control}`}>
                <td>{a.action}</td>
                <td>
                  {a.title} <code>{a.control}</code>
                </td>
                <td>{a.type}</td>
                <td>{a.mitigations.join(', ')}</td>
                <td className="num">{score(a.riskRemoved)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
