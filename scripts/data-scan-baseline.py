"""Baseline for `rampart data scan` (src/data/README.md): confident learning on out-of-fold probabilities of
scikit-learn models, run on the same CSV files. Usage: python3 data-scan-baseline.py DIR, where DIR holds one
folder per case with train.csv (header, numeric label last). Prints, per case and model, the flagged row
indices and the CPU seconds (fit, predict and the rule; reading the file excluded) as JSON.

cleanlab is not installable here, so its find_label_issues defaults (per-class thresholds, calibrated
confident joint, filter_by='prune_by_noise_rate', rows whose argmax is the given label kept) are written out
from the paper (Northcutt et al., JAIR 2021). Needs numpy and scikit-learn only (Debian: python3-sklearn).

Models: "lr" is cleanlab's documented usage, LogisticRegression on the features as they are; "lr+knn" is the
model family Rampart uses (standardised features, logistic regression averaged with distance-weighted 10-NN).
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def find_label_issues(labels, probs):
    n, k = probs.shape
    thresholds = np.array([probs[labels == c, c].mean() for c in range(k)])
    above = probs >= thresholds - 1e-6
    masked = np.where(above, probs, -1)
    guess = masked.argmax(axis=1)
    has = above.any(axis=1)
    joint = np.zeros((k, k))
    np.add.at(joint, (labels[has], guess[has]), 1)
    counts = np.bincount(labels, minlength=k)
    rows = joint.sum(axis=1, keepdims=True)
    joint = np.divide(joint, rows, out=np.zeros_like(joint), where=rows > 0) * counts[:, None]
    flagged = np.zeros(n, dtype=bool)
    for g in range(k):
        idx = np.flatnonzero(labels == g)
        for t in range(k):
            if t == g:
                continue
            take = min(int(round(joint[g, t])), len(idx) - 1)
            if take <= 0:
                continue
            margin = probs[idx, t] - probs[idx, g]
            flagged[idx[np.argsort(-margin, kind="stable")[:take]]] = True
    flagged &= probs.argmax(axis=1) != labels
    return np.flatnonzero(flagged)


def out_of_fold(model, x, labels):
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return cross_val_predict(model, x, labels, cv=cv, method="predict_proba")


MODELS = {
    "lr": lambda x, y: out_of_fold(LogisticRegression(max_iter=2000), x, y),
    "lr+knn": lambda x, y: (
        out_of_fold(make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)), x, y)
        + out_of_fold(make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=10, weights="distance")), x, y)
    ) / 2,
}


def main(root):
    out = {}
    for case in sorted(os.listdir(root)):
        data = np.loadtxt(os.path.join(root, case, "train.csv"), delimiter=",", skiprows=1)
        x, y = data[:, :-1], data[:, -1].astype(int)
        _, labels = np.unique(y, return_inverse=True)
        out[case] = {}
        for name, probs_of in MODELS.items():
            start = time.process_time()
            rows = find_label_issues(labels, probs_of(x, labels))
            out[case][name] = {"rows": rows.tolist(), "cpu": time.process_time() - start}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
