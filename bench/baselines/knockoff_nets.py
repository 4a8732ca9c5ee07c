# Baseline for the extraction benchmark (src/attacks/README.md), run by hand, never in tests or CI, with
# scikit-learn from a venv (python3 -m venv /tmp/v && /tmp/v/bin/pip install scikit-learn numpy) or Debian's
# (apt-get install python3-sklearn, then /usr/bin/python3):
#   npx tsx bench/baselines/export-victims.ts /tmp/victims.json && python3 bench/baselines/knockoff_nets.py /tmp/victims.json 500
#
# Prints per row: fidelity mean (range) over seeds 0–4, then seconds per run, median: wall / CPU (run it with
# OPENBLAS_NUM_THREADS=1 so BLAS threads do not inflate the CPU time against a single-threaded attack).
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
budget = int(sys.argv[2]) if len(sys.argv) > 2 else 500
for spec in d["victims"]:
    victim = spec["name"] + (" (held out)" if spec["heldOut"] else "")
    xtr = np.asarray(spec["train"]); xte = np.asarray(spec["test"])
    truth = forward(spec, xte).argmax(1)
    for name, make in [("MLP-128 (sklearn defaults)", lambda s: MLPClassifier(hidden_layer_sizes=(128,), random_state=s)),
                       ("MLP-64 (sklearn defaults)", lambda s: MLPClassifier(hidden_layer_sizes=(64,), random_state=s)),
                       ("LogisticRegression C=1", lambda s: LogisticRegression(max_iter=2000))]:
        fids, times, cpus = [], [], []
        for seed in range(5):
            np.random.seed(seed)
            t0, c0 = time.perf_counter(), time.process_time()
            idx = np.random.choice(xtr.shape[0], budget, replace=False)
            xs = xtr[idx].astype(np.float32)
            ys = forward(spec, xs).argmax(1)
            model = make(seed).fit(xs, ys)
            times.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
            fids.append((model.predict(xte) == truth).mean())
        print(f"| {victim} | {name} | {budget} | {100*np.mean(fids):.1f}% ({100*min(fids):.1f}–{100*max(fids):.1f}%) | {np.median(times):.2f} / {np.median(cpus):.2f} |", flush=True)
