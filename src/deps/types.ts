/** Package ecosystems Rampart reads manifests of, named as OSV names them. */
export type Ecosystem = 'PyPI' | 'npm';

/** Where a dependency was declared: the file and, where the format has lines, the line. */
export interface Origin {
  file: string;
  line?: number;
}

/**
 * One declared dependency. `version` is set only when the manifest pins one exact version (a lock file, `==`,
 * an SBOM component); a range (`>=1.2`) is kept as `spec` and is never matched as if it were installed.
 */
export interface Dependency {
  ecosystem: Ecosystem;
  /** Normalised as the ecosystem compares names (PEP 503 for PyPI). */
  name: string;
  version?: string;
  spec?: string;
  origin: Origin;
  /** How this ecosystem name was reached, when it was not written as such (a conda package, an inventory framework). */
  via?: string;
}

/** A line or entry the reader could not understand: named, never skipped silently. */
export interface ManifestProblem {
  origin: Origin;
  problem: string;
}

export interface ManifestRead {
  dependencies: Dependency[];
  problems: ManifestProblem[];
}
