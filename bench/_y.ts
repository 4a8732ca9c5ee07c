import { thirdPartyTraffic } from '../src/monitor/test-support/third-party/traffic.ts';
import { loadVictim } from '../src/monitor/test-support/victims/index.ts';
const victim = await loadVictim('sensors');
const t = await thirdPartyTraffic(Number(process.argv[2] ?? 1102), 'test', undefined, victim);
const rows: { c: string; x: number[] }[] = [];
for (const l of t.lines) { const o = JSON.parse(l); const d = o.request.inputs[0]; const [r, k] = d.shape; for (let i = 0; i < r; i++) rows.push({ c: o.client, x: d.data.slice(i * k, (i + 1) * k) }); }
const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
const ds: number[] = []; for (let i = 1; i < 200; i++) ds.push(dist(rows[i - 1]!.x, rows[i]!.x)); ds.sort((a, b) => a - b);
const cross: number[] = []; for (let i = 0; i < 200; i++) for (let j = i + 1; j < 200; j++) if (rows[i]!.c !== rows[j]!.c) cross.push(dist(rows[i]!.x, rows[j]!.x)); cross.sort((a, b) => a - b);
const typical = cross[Math.floor(cross.length / 2)]!; console.log('consecutive typical', ds[100]!.toFixed(1), 'cross-client median', typical.toFixed(1), 'q10', cross[Math.floor(cross.length / 10)]!.toFixed(1));
for (const who of (process.argv[3] ?? 'client-art-boundary').split(',')) {
  const xs = rows.filter((r) => r.c === who).map((r) => r.x);
  const steps = xs.slice(1).map((x, i) => dist(x, xs[i]!) / typical);
  const q = [...steps].sort((a, b) => a - b);
  console.log(who, 'consecutive/typical quantiles 10/25/50/75/90:', [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => q[Math.floor(p * q.length)]!.toFixed(3)).join(' '));
  console.log(' first 60:', steps.slice(0, 60).map((v) => v.toFixed(2)).join(' '));
}
