import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TrendPoint {
  /** The review's date, YYYY-MM-DD. */
  date: string;
  riskTotal: number;
  /** 0–1. */
  covered: number;
}

/**
 * Risk total (left axis) and share covered (right axis) across reviews, drawn by uPlot on a canvas. A canvas says
 * nothing to a screen reader, so the same figures are in a table beside it (visually hidden), and the chart has a label.
 */
export function TrendChart(props: { points: TrendPoint[]; width?: number; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const { points } = props;
  useEffect(() => {
    const element = host.current;
    if (!element || points.length === 0) return;
    const x = points.map((p) => Date.parse(`${p.date}T12:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [x, points.map((p) => p.riskTotal), points.map((p) => Math.round(p.covered * 1000) / 10)];
    const width = props.width ?? Math.max(320, element.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: props.height ?? 240,
        scales: { x: { time: true }, risk: { auto: true }, share: { range: [0, 100] } },
        series: [{}, { label: 'Risk total', scale: 'risk', stroke: '#b3261e', width: 2, points: { show: true } }, { label: 'Covered %', scale: 'share', stroke: '#1e6b2e', width: 2, dash: [6, 4], points: { show: true } }],
        axes: [{}, { scale: 'risk', label: 'risk total' }, { scale: 'share', side: 1, label: 'covered %', grid: { show: false } }],
        legend: { show: true },
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [points, props.width, props.height]);
  if (points.length === 0) return <p className="muted">No reviews yet.</p>;
  return (
    <figure className="trend">
      <div ref={host} role="img" aria-label={`Risk total and share covered across ${points.length} reviews, from ${points[0]?.date} to ${points[points.length - 1]?.date}`} />
      <table className="visually-hidden">
        <caption>Risk and coverage by review</caption>
        <thead>
          <tr>
            <th>Review date</th>
            <th>Risk total</th>
            <th>Covered</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={i}>
              <td>{p.date}</td>
              <td>{p.riskTotal}</td>
              <td>{Math.round(p.covered * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
