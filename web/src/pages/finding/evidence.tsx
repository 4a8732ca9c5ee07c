import type { EvidenceItem } from './types.ts';

interface Turn {
  role: string;
  text: string;
  request?: number;
  reply?: string;
  toolCalls?: { name: string; arguments: string }[];
}

interface Example {
  index: number;
  original?: number;
  adversarialLabel?: number;
  success: boolean;
  queries: number;
  l2: number | null;
  linf: number | null;
  adversarial?: number[];
  skipped?: string;
}

/**
 * The evidence behind the finding: each check or attack's verdict, figures and pointers, with the parts people
 * read closely drawn out of its details — an LLM attack's transcripts (`successful[].transcript`) and an evasion
 * attack's adversarial examples (`inputs[]`). The rest of the details stay one click away, as JSON.
 */
export function EvidenceList(props: { evidence: EvidenceItem[] }) {
  return (
    <section className="panel" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      {props.evidence.length === 0 && <p className="muted">No check or attack ran on this asset for this technique: the coverage rests on claims alone.</p>}
      {props.evidence.map((e, i) => (
        <article key={`${e.checkId}-${i}`} className="evidence" aria-label={`${e.checkId}: ${e.outcome}`}>
          <h3>
            <code>{e.checkId}</code> <span className={`outcome outcome-${e.outcome}`}>{e.outcome}</span> <span className="muted">severity {e.severity}</span>
          </h3>
          <p>{e.summary}</p>
          <p className="muted">
            {e.target} · {e.startedAt.slice(0, 19).replace('T', ' ')} UTC{e.effect ? ` · ${e.effect}` : ''}
          </p>
          {Object.keys(e.measurements).length > 0 && (
            <dl className="measurements">
              {Object.entries(e.measurements).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{Number.isInteger(value) ? value : value.toFixed(3)}</dd>
                </div>
              ))}
            </dl>
          )}
          {e.pointers.length > 0 && (
            <ul className="pointers">
              {e.pointers.map((p, j) => (
                <li key={j}>{[p.file, p.member, p.line !== undefined ? `line ${p.line}` : undefined, p.offset !== undefined ? `offset ${p.offset}` : undefined, p.request ? `${p.request.method} ${p.request.url}${p.request.status ? ` → ${p.request.status}` : ''}` : undefined, p.note].filter(Boolean).join(' · ')}</li>
              ))}
            </ul>
          )}
          <Transcripts details={e.details} />
          <AdversarialExamples details={e.details} />
          <details>
            <summary>All details (JSON)</summary>
            <pre className="json">{JSON.stringify(e.details, null, 2)}</pre>
          </details>
        </article>
      ))}
    </section>
  );
}

function Transcripts(props: { details: unknown }) {
  const successful = (props.details as { successful?: { probe: string; transcript?: Turn[] }[] } | null)?.successful;
  if (!Array.isArray(successful) || successful.length === 0) return null;
  return (
    <div>
      <h4>Attack transcripts</h4>
      {successful.map((s, i) => (
        <figure key={i} className="transcript">
          <figcaption>
            Probe <code>{s.probe}</code>
          </figcaption>
          {(s.transcript ?? []).map((turn, j) => (
            <div key={j} className={`turn turn-${turn.role}`}>
              <strong>{turn.role}</strong>
              {turn.request !== undefined && <span className="muted"> (request {turn.request})</span>}
              <p>{turn.text}</p>
              {turn.reply !== undefined && <p className="muted">{turn.reply}</p>}
              {turn.toolCalls?.map((call, k) => (
                <p key={k}>
                  tool call <code>{call.name}</code> <code>{call.arguments}</code>
                </p>
              ))}
            </div>
          ))}
        </figure>
      ))}
    </div>
  );
}

function AdversarialExamples(props: { details: unknown }) {
  const inputs = (props.details as { inputs?: Example[] } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || typeof inputs[0]?.success !== 'boolean') return null;
  return (
    <table className="plain">
      <caption>Adversarial examples</caption>
      <thead>
        <tr>
          <th scope="col">Input</th>
          <th scope="col">Label → adversarial</th>
          <th scope="col">Evaded</th>
          <th scope="col" className="num">
            L2
          </th>
          <th scope="col" className="num">
            L∞
          </th>
          <th scope="col" className="num">
            Queries
          </th>
          <th scope="col">Adversarial input</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((x) => (
          <tr key={x.index}>
            <td>{x.index}</td>
            <td>
              {x.original ?? '—'} → {x.adversarialLabel ?? '—'}
            </td>
            <td>{x.skipped ? `skipped (${x.skipped})` : x.success ? 'yes' : 'no'}</td>
            <td className="num">{x.l2?.toFixed(3) ?? '—'}</td>
            <td className="num">{x.linf?.toFixed(3) ?? '—'}</td>
            <td className="num">{x.queries}</td>
            <td>
              <code>{x.adversarial ? `[${x.adversarial.map((v) => Number(v.toFixed(4))).join(', ')}]` : '—'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
