#!/usr/bin/env bash
# On a machine with a CUDA GPU: installs nothing, runs the tests that need CUDA, then prints
# bench_train's studio/bare ratio on the GPU at batch 64 and 1024 and a wider net's images/s.
# Expects the project's .venv (make install) or PYTHON pointing at an interpreter with the project.
# Takes about 3-5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export QT_QPA_PLATFORM=offscreen
"$PY" - <<'PYEOF'
import torch
assert torch.cuda.is_available(), "no CUDA GPU visible to torch"
print("torch", torch.__version__, "cuda", torch.version.cuda, "device", torch.cuda.get_device_name(0))
PYEOF
echo "== tests that need CUDA (skipped on CPU machines; none may be skipped here)"
"$PY" -m pytest -q -rs tests/core/test_trainer.py tests/core/test_augment.py tests/core/test_probes.py 2>&1 | tail -6
echo "== seed net, studio vs bare loop, batch 64 and 1024 (cuda)"
timeout 200 "$PY" benchmarks/bench_train.py --device cuda --batch-sizes 64,1024 --images 65536 --repeats 3 --json
echo "== wider net (vgg_small), batch 256 (cuda)"
timeout 120 "$PY" benchmarks/bench_train.py --device cuda --preset vgg_small --batch-sizes 256 --images 32768 --repeats 3 --json
