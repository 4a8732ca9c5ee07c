export const STYLES = `
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#111827;color:#f9fafb;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#d1d5db}
nav a{color:#93c5fd;margin-right:12px}main{padding:16px 24px}h2{margin-top:28px;border-bottom:1px solid #e5e7eb}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:22px}.warn{background:#fef3c7;border:1px solid #f59e0b;padding:8px;border-radius:6px}
.matrix{display:flex;gap:4px;overflow-x:auto;padding-bottom:8px}.col{min-width:118px;max-width:130px;display:flex;flex-direction:column;gap:3px}
.tactic{background:#1f2937;color:#fff;font-weight:600;font-size:12px;padding:6px;border-radius:4px;min-height:54px}
.tactic small,.cell small{display:block;font-weight:400;font-size:10px;opacity:.85}
.cell{font-size:11px;padding:4px 5px;border-radius:3px;border:1px solid rgba(0,0,0,.08)}.cell.na{background:#e5e7eb;color:#6b7280}
.cell.new{background:repeating-linear-gradient(45deg,#ede9fe,#ede9fe 6px,#ddd6fe 6px,#ddd6fe 12px);color:#4c1d95}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}.pill{color:#fff;border-radius:9px;padding:0 7px;font-weight:600}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px}
.bar{display:inline-block;width:80px;height:8px;background:#fee2e2;border-radius:4px;overflow:hidden;vertical-align:middle}.bar span{display:block;height:100%;background:#16a34a}
.legend{color:#6b7280;font-size:12px}details summary{cursor:pointer}pre{white-space:pre-wrap;background:#fff;border:1px solid #e5e7eb;padding:8px}
`;
