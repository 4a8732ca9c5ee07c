import { thirdPartyTraffic } from '../src/monitor/test-support/third-party/traffic.ts';
import { loadVictim } from '../src/monitor/test-support/victims/index.ts';
const victim = await loadVictim('sensors');
for (const seed of [1101, 1102, 1103]) {
  const t = await thirdPartyTraffic(seed, 'test', undefined, victim);
  const counts = new Map<string, number>(); let n = 0;
  for (const l of t.lines) { const o = JSON.parse(l); const r = o.request.inputs[0].shape[0]; for (let i = 0; i < r && n < 200; i++, n++) counts.set(o.client, (counts.get(o.client) ?? 0) + 1); if (n >= 200) break; }
  console.log(seed, [...counts].map(([c, k]) => `${c}:${k}`).join(' '));
}
