# Baseline for the extraction benchmark (src/attacks/README.md), run by hand in a throw-away venv, never in
# tests or CI:  python3 -m venv /tmp/v && /tmp/v/bin/pip install scikit-learn numpy
#   npx tsx bench/baselines/export-victims.ts /tmp/victims.json && /tmp/v/bin/python bench/baselines/knockoff_nets.py /tmp/victims.json 500
#
# KnockoffNets (random sampling, labels only) as ART implements it, on our victim and split: 500 natural
# samples drawn without replacement from the transfer set (the training split), labelled by the victim's
# argmax, a thieved sklearn classifier fitted on them; fidelity = agreement with the victim on the test split.
import json, sys, time, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.linear_model import LogisticRegression
warnings.filterwarnings("ignore")
d = json.load(open(sys.argv[1]))
def forward(spec, x):
    h = x
    for i, l in enumerate(spec["layers"]):
        w = np.asarray(l["weights"]).reshape(l["outputs"], l["inputs"]); h = h @ w.T + np.asarray(l["bias"])
        if i < len(spec["layers"]) - 1: h = np.maximum(h, 0)
    return h
xtr = np.asarray(d["train"]["x"]); xte = np.asarray(d["test"]["x"])
budget = int(sys.argv[2]) if len(sys.argv) > 2 else 500
for victim in ["mlp", "logistic-regression"]:
    truth = forward(d[victim], xte).argmax(1)
    for name, make in [("MLP-128 (sklearn defaults)", lambda s: MLPClassifier(hidden_layer_sizes=(128,), random_state=s)),
                       ("MLP-64 (sklearn defaults)", lambda s: MLPClassifier(hidden_layer_sizes=(64,), random_state=s)),
                       ("LogisticRegression C=1", lambda s: LogisticRegression(max_iter=2000))]:
        fids, times = [], []
        for seed in range(5):
            np.random.seed(seed)
            t0 = time.perf_counter()
            idx = np.random.choice(xtr.shape[0], budget, replace=False)
            xs = xtr[idx].astype(np.float32)
            ys = forward(d[victim], xs).argmax(1)
            model = make(seed).fit(xs, ys)
            times.append(time.perf_counter() - t0)
            fids.append((model.predict(xte) == truth).mean())
        print(f"| {victim} | {name} | {budget} | {100*np.mean(fids):.1f}% ({100*min(fids):.1f}–{100*max(fids):.1f}%) | {np.median(times):.2f} s |", flush=True)
