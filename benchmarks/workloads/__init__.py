"""The workloads of ``benchmarks/run.py``: one module per workload, each with
``run(framework, threads, quick) -> dict`` for the frameworks it supports."""

from __future__ import annotations

# name -> (module, title, unit, frameworks, goal as "ours/torch" text)
WORKLOADS: dict[str, tuple[str, str, str, tuple[str, ...], str]] = {
    "dnn": (
        "dnn",
        "DNN on digits (64-64-10, Adam)",
        "s/epoch",
        ("ours", "torch", "numpy"),
        "≤ 0.5; ≤ 1.3 × numpy",
    ),
    "cnn": ("cnn", "CNN on digits", "s/epoch", ("ours", "torch", "numpy"), "≤ 0.8; ≤ 1.15 × numpy"),
    "gru": ("gru", "GRU(8,32) on digits", "s/epoch", ("ours", "torch"), "≤ 0.5"),
    "olivetti": (
        "olivetti",
        "Olivetti-sized CNN (400×1×64×64)",
        "s/epoch",
        ("ours", "torch"),
        "≤ 0.9",
    ),
    "mlp": (
        "mlp",
        "MLP 784-1024-1024-10, batch 256, SGD",
        "ms/step",
        ("ours", "torch", "numpy"),
        "≤ 0.95; ≤ 1.03 × numpy",
    ),
    "lstm": (
        "lstm",
        "LSTM(32,128,2 layers), 64 × 50 steps, fwd+bwd",
        "ms",
        ("ours", "torch"),
        "≤ 1.0 at 1t, ≤ 1.3 at 2t",
    ),
    "overhead": (
        "overhead",
        "5-op chain on tiny arrays, fwd+bwd",
        "µs",
        ("ours", "torch", "numpy"),
        "≤ 0.5",
    ),
    "gpt": (
        "gpt",
        "GPT-nano step (4×128, 4 heads, context 64, batch 32, AdamW)",
        "ms/step",
        ("ours", "torch"),
        "≤ 1.0",
    ),
}
