import type { Severity } from '../../contract.ts';

/** Something an answer gives away about the software behind the endpoint. */
export interface Leak {
  kind: 'stack-trace' | 'framework-leak' | 'version-leak';
  severity: Severity;
  what: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const STACK_TRACES: readonly { pattern: RegExp; what: string; severity: Severity }[] = [
  // The Werkzeug debugger offers an interactive console: worse than a trace, it is a way in.
  { pattern: /Werkzeug Debugger|__debugger__\?/, what: 'the Werkzeug interactive debugger', severity: 'high' },
  { pattern: /Traceback \(most recent call last\)|File "[^"\n]+", line \d+, in /, what: 'a Python stack trace', severity: 'medium' },
  { pattern: /\n\s*at [\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)/, what: 'a JVM stack trace', severity: 'medium' },
  { pattern: /\n\s*at (?:[\w$.<>[\] ]+ )?\(?(?:\/|file:|node:)[^\s)]+:\d+:\d+\)?/, what: 'a Node.js stack trace', severity: 'medium' },
  { pattern: /goroutine \d+ \[running\]/, what: 'a Go panic trace', severity: 'medium' },
];

// Names of ML frameworks, model servers and Python web stacks: each narrows the model family and the attack surface.
const FRAMEWORKS = /\b(pytorch|torchserve|torch|tensorflow|keras|scikit-learn|sklearn|xgboost|lightgbm|onnxruntime|triton(?:server)?|kserve|mlflow|bentoml|seldon|numpy|pandas|werkzeug|flask|fastapi|starlette|uvicorn|gunicorn|django|tornado)\b/i;
const VERSIONED = new RegExp(`${FRAMEWORKS.source}[\\s/:=v-]{0,3}(\\d+\\.\\d+(?:\\.\\d+)?)|\\bpython[\\s/]?(\\d+\\.\\d+(?:\\.\\d+)?)`, 'i');
const REVEALING_HEADER = /^(?:server|x-powered-by|x-[\w-]*(?:version|framework|runtime))$/;

/** Leaks in one answer: stack traces and framework names in error bodies, versions in bodies and headers. Pure. */
export function leaksIn(answer: Answer): Leak[] {
  const leaks: Leak[] = [];
  if (answer.status >= 400) {
    const trace = STACK_TRACES.find((t) => t.pattern.test(answer.body));
    if (trace) leaks.push({ kind: 'stack-trace', severity: trace.severity, what: `the error body holds ${trace.what}` });
    const versioned = VERSIONED.exec(answer.body);
    const framework = FRAMEWORKS.exec(answer.body);
    if (versioned) leaks.push({ kind: 'version-leak', severity: 'low', what: `the error body names ${versioned[0].trim()}` });
    else if (framework) leaks.push({ kind: 'framework-leak', severity: 'low', what: `the error body names ${framework[0]}` });
  }
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!REVEALING_HEADER.test(name.toLowerCase())) continue;
    // A bare `Server: nginx` says little; a version or an ML stack says which exploits and model families to try.
    if (/\d+\.\d+/.test(value)) leaks.push({ kind: 'version-leak', severity: 'low', what: `header ${name}: ${value}` });
    else if (FRAMEWORKS.test(value)) leaks.push({ kind: 'framework-leak', severity: 'low', what: `header ${name}: ${value}` });
  }
  return leaks;
}
