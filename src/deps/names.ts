import type { Ecosystem } from './types.ts';

/** The name an ecosystem compares: PEP 503 for PyPI (case and runs of `-_.` folded), as written for npm. */
export function normaliseName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.trim().toLowerCase().replace(/[-_.]+/g, '-') : name.trim();
}

/**
 * Conda packages whose PyPI name differs; the rest share their PyPI name. Conda has no OSV ecosystem, so
 * conda packages are matched against PyPI advisories under these names (and say so).
 */
const condaToPypi: Readonly<Record<string, string>> = {
  pytorch: 'torch',
  'pytorch-cpu': 'torch',
  'pytorch-gpu': 'torch',
  'tensorflow-base': 'tensorflow',
  'tensorflow-cpu': 'tensorflow',
  'tensorflow-gpu': 'tensorflow',
  'py-xgboost': 'xgboost',
  'py-lightgbm': 'lightgbm',
  'jupyter_server': 'jupyter-server',
  'pillow-simd': 'pillow',
  sklearn: 'scikit-learn',
};

export function pypiNameOfConda(name: string): string {
  return normaliseName('PyPI', condaToPypi[name.toLowerCase()] ?? name);
}

/** Conda packages that are not Python distributions (the interpreter, C libraries): nothing to match on PyPI. */
export const condaNonPython: ReadonlySet<string> = new Set(['python', 'pip', 'setuptools-scm', 'cudatoolkit', 'cudnn', 'mkl', 'libgcc-ng', 'libstdcxx-ng', 'openssl', 'ca-certificates', 'nodejs', 'r-base']);
