#!/usr/bin/env bash
# On a machine with a CUDA GPU: installs nothing, runs the tests that need CUDA, then prints
# bench_train's studio/bare ratio on the GPU at batch 64 and 1024 and a wider net's images/s,
# then data-parallel training (nccl, one process per GPU: --nproc <number of GPUs>), a killed
# rank (two GPUs or more) and bench_ddp's images/s for 1..N processes.
# Expects the project's .venv (make install) or PYTHON pointing at an interpreter with the project.
# Takes about 5-10 minutes.
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
"$PY" -m pytest -q -rs tests/core/train/test_trainer.py tests/core/train/test_augment.py \
    tests/core/train/test_threads_and_precision.py tests/core/train/test_device.py tests/core/inspect/test_probes.py 2>&1 | tail -6
echo "== the precision this GPU trains in (bf16 where native, else fp16 with a GradScaler, else fp32)"
"$PY" - <<'PYEOF'
import torch
from convnet_studio.core.train.precision import choose_precision, device_facts
facts = device_facts(torch.device("cuda"))
print("capability", torch.cuda.get_device_capability(0), facts, "->", choose_precision(facts))
PYEOF
timeout 200 "$PY" -m convnet_studio train --device cuda --dataset shapes --epochs 1 --json --no-keep | head -1
timeout 200 "$PY" -m convnet_studio train --device cuda --dataset shapes --epochs 1 --precision fp16 --json --no-keep | tail -1
echo "== seed net, studio vs bare loop, batch 64 and 1024 (cuda)"
timeout 200 "$PY" benchmarks/bench_train.py --device cuda --batch-sizes 64,1024 --images 65536 --repeats 3 --json
echo "== wider net (vgg_small), batch 256 (cuda)"
timeout 120 "$PY" benchmarks/bench_train.py --device cuda --preset vgg_small --batch-sizes 256 --images 32768 --repeats 3 --json
# Data-parallel training with the nccl backend on every GPU torch sees (one process per GPU).
NGPU=$("$PY" -c "import torch; print(torch.cuda.device_count())")
PROCS=$(seq -s, 1 "$NGPU")
echo "== data-parallel (nccl) on $NGPU GPU(s): train --nproc $NGPU, then a one-process resume"
DDP_DIR=$(mktemp -d)
timeout 300 "$PY" -m convnet_studio train --nproc "$NGPU" --device cuda --dataset shapes --preset seed \
    --epochs 2 --batch-size $((64 * NGPU)) --json --no-keep --save "$DDP_DIR/ddp.pt"
timeout 200 "$PY" -m convnet_studio train --resume "$DDP_DIR/ddp.pt" --device cuda --epochs 3 --json --no-keep
echo "== data-parallel (nccl): a rank killed mid-run ends the others with one error line and status 1"
if [ "$NGPU" -ge 2 ]; then
    set +e
    timeout 300 "$PY" -m convnet_studio train --nproc "$NGPU" --device cuda --dataset shapes --preset seed \
        --epochs 1000 --batch-size $((64 * NGPU)) --json --no-keep --dist-timeout 60 > "$DDP_DIR/kill.out" 2> "$DDP_DIR/kill.err" &
    LAUNCHER=$!
    for _ in $(seq 120); do sleep 1; [ -s "$DDP_DIR/kill.out" ] && break; done
    LAUNCHER_PY=$(pgrep -P "$LAUNCHER" | head -1)          # timeout -> the launcher -> one process per GPU
    VICTIM=$(pgrep -P "$LAUNCHER_PY" | tail -1)
    kill -9 "$VICTIM"
    wait "$LAUNCHER"; echo "launcher exit status: $? (expect 1)"
    set -e
    cat "$DDP_DIR/kill.err"
else
    echo "(needs two GPUs; skipped)"
fi
echo "== data-parallel images/s, 1..$NGPU process(es) (cuda)"
timeout 900 "$PY" benchmarks/bench_ddp.py --device cuda --procs "$PROCS" --batch-size 512 --epochs 3 --json
rm -rf "$DDP_DIR"
