"""The training part of an exported script: the studio's loop for one run's settings, as plain code.

It follows ``core/train/trainer.py`` and its ``run_setup.py`` step for step (seeded model
build, the whole set on the device as uint8, a seeded shuffle per epoch, batch augmentation,
the lr schedule set before every step, evaluation after every epoch), so on the same device
the script retraces the studio's run; only the parts the run's settings use are written.
"""
from __future__ import annotations

from ..train.augment import PAD
from ..train.precision import INITIAL_LOSS_SCALE
from ..train.schedules import ONECYCLE_DEFAULT_RISE, ONECYCLE_FINAL_DIV, ONECYCLE_START_DIV
from ..train.trainer import EVAL_BATCH

_OPTIMIZERS = {
    "sgd": ("torch.optim.SGD",
            'momentum=m, weight_decay=wd, nesterov=bool(HPARAMS["nesterov"] and m > 0)'),
    "adam": ("torch.optim.Adam", "betas=(m, 0.999), weight_decay=wd"),
    "adamw": ("torch.optim.AdamW", "betas=(m, 0.999), weight_decay=wd"),
    "rmsprop": ("torch.optim.RMSprop", "momentum=m, weight_decay=wd"),
}

_AUGMENT = f'''def random_crop(x, generator, padding={PAD}):
    """Shift each image by a random (dy, dx) in [-padding, padding], mirroring the border (reflect)."""
    b, c, h, w = x.shape
    span = 2 * padding + 1
    shifts = (torch.rand(2 * b, generator=generator, device=generator.device).to(x.device) * span)
    shifts = shifts.long().clamp_(max=span - 1) - padding

    def source(size, shift):      # reflect without repeating the edge pixel: -1 -> 1, size -> size - 2
        idx = (torch.arange(size, device=shift.device).view(1, -1) + shift.view(-1, 1)).abs()
        return torch.where(idx >= size, 2 * (size - 1) - idx, idx)
    rows, cols = source(h, shifts[:b]), source(w, shifts[b:])
    x = x.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w))
    return x.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w))


def random_flip(x, generator):
    """Mirror each image left-right with probability 1/2."""
    flip = torch.rand(x.shape[0], generator=generator, device=generator.device).to(x.device) < 0.5
    return torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)


def augment(x, generator):
    """The run's augmentation ({{mode}}) of a uint8 (B, C, H, W) batch on the device."""
{{body}}    return x
'''


def augment_section(mode: str) -> str:
    """``augment(x, generator)`` for ``mode`` ("flip", "crop", "flip+crop"), or "" for "none"."""
    if mode == "none":
        return ""
    body = ("    x = random_crop(x, generator)\n" if "crop" in mode else "") \
        + ("    x = random_flip(x, generator)\n" if "flip" in mode else "")
    return _AUGMENT.replace("{mode}", mode).replace("{body}", body)


def schedule_section(schedule: str, warmup: bool) -> str:
    """``lr_factor(step, total_steps, steps_per_epoch)`` for the run's schedule."""
    head = ('def lr_factor(step, total_steps, steps_per_epoch):\n'
            f'    """Multiplier of the base learning rate at 0-based ``step`` ({schedule} schedule'
            f'{", linear warm-up" if warmup and schedule != "onecycle" else ""})."""\n')
    warm = '    warm = max(0, int(round(HPARAMS["warmup_epochs"] * steps_per_epoch)))\n'
    ramp = ('def cos_ramp(t):\n    """0 at t=0, 1 at t=1, following half a cosine."""\n'
            '    t = min(max(t, 0.0), 1.0)\n    return 0.5 * (1.0 - math.cos(math.pi * t))\n\n\n')
    if schedule == "onecycle":
        return ramp + head + warm + (
            f'    rise = warm if warm > 0 else int(round({ONECYCLE_DEFAULT_RISE} * total_steps))\n'
            f'    low = 1.0 / {ONECYCLE_START_DIV}\n'
            f'    end = low / {ONECYCLE_FINAL_DIV}\n'
            '    rise = min(max(rise, 1), max(total_steps - 1, 1))\n'
            '    if step < rise:\n'
            '        return low + (1.0 - low) * cos_ramp(step / rise)\n'
            '    fall = max(total_steps - 1 - rise, 1)\n'
            '    return end + (1.0 - end) * (1.0 - cos_ramp((step - rise) / fall))\n')
    lines = warm if warmup or schedule == "cosine" else ""
    if schedule == "step":
        lines += '    factor = HPARAMS["step_gamma"] ** ((step // steps_per_epoch) // HPARAMS["step_every"])\n'
    elif schedule == "cosine":
        lines += '    factor = 1.0 - cos_ramp((step - warm) / max(total_steps - warm, 1))\n'
    else:
        lines += '    factor = 1.0\n'
    if warmup:
        lines += '    if step < warm:\n        factor *= (step + 1) / warm\n'
    return (ramp if schedule == "cosine" else "") + head + lines + '    return factor\n'


def optimizer_section(optimizer: str) -> str:
    """``make_optimizer(params, device)`` as the studio builds it (fused kernels where torch has them)."""
    cls, kwargs = _OPTIMIZERS[optimizer]
    fused = optimizer in ("sgd", "adam", "adamw")
    text = ('def make_optimizer(params, device):\n'
            f'    """{cls.rsplit(".", 1)[1]} with the run\'s settings (for Adam, momentum is beta1)."""\n'
            '    params = list(params)\n'
            '    m, wd = HPARAMS["momentum"], HPARAMS["weight_decay"]\n'
            f'    kwargs = dict(lr=HPARAMS["lr"], {kwargs})\n')
    if fused:
        text += ('    if device.type in ("cuda", "cpu"):\n'
                 '        try:\n'
                 f'            return {cls}(params, fused=True, **kwargs)\n'
                 '        except (TypeError, RuntimeError, ValueError):\n'
                 '            pass\n')
    return text + f'    return {cls}(params, **kwargs)\n'


def loss_section(loss: str) -> str:
    """``make_loss(num_classes, device)``: cross-entropy, or the Brier score the studio calls mse."""
    if loss == "cross_entropy":
        return ('def make_loss(num_classes, device):\n'
                '    """Cross-entropy with the run\'s label smoothing, averaged over the batch."""\n'
                '    def loss_fn(logits, labels):\n'
                '        return F.cross_entropy(logits, labels, label_smoothing=HPARAMS["label_smoothing"])\n'
                '    return loss_fn\n')
    return ('def make_loss(num_classes, device):\n'
            '    """The Brier score: squared distance of the softmax from the (smoothed) one-hot target."""\n'
            '    smoothing = HPARAMS["label_smoothing"]\n'
            '    targets = torch.eye(num_classes, device=device) * (1.0 - smoothing) + smoothing / num_classes\n\n'
            '    def loss_fn(logits, labels):\n'
            '        probs = logits.float().softmax(dim=1)\n'
            '        return F.mse_loss(probs, targets.index_select(0, labels), reduction="sum") / logits.shape[0]\n'
            '    return loss_fn\n')


LOOP = f'''def channel_stats(x, max_images=2048):
    """Per-channel mean and std in [0, 1] units of uint8 images, from at most max_images spread over them."""
    step = -(-x.shape[0] // max_images)
    sample = x[::step].cpu().numpy()
    mean = sample.mean(axis=(0, 2, 3), dtype=np.float64) / 255.0
    std = np.maximum(sample.std(axis=(0, 2, 3), dtype=np.float64) / 255.0, 1e-3)
    return [float(v) for v in mean], [float(v) for v in std]


def pick_device(name):
    """auto: CUDA, then Apple's MPS, else the CPU."""
    if name != "auto":
        return torch.device(name)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def pick_precision(device):
    """bf16 on GPUs that do it natively, fp16 (with loss scaling) on older tensor-core GPUs and Apple's
    MPS, else fp32 -- as the studio chooses."""
    if HPARAMS["precision"] != "auto":
        return HPARAMS["precision"]
    if not HPARAMS["mixed_precision"]:
        return "fp32"
    if device.type == "cuda":
        capability = torch.cuda.get_device_capability(device)
        if capability >= (8, 0) and torch.cuda.is_bf16_supported():
            return "bf16"
        return "fp16" if capability >= (7, 0) or capability == (6, 0) else "fp32"
    return "fp16" if device.type == "mps" else "fp32"


def evaluate(model, x_all, y_all, normalise, loss_fn, batch_size, autocast):
    """Mean loss and accuracy on (x_all, y_all), in eval mode without gradients."""
    n = x_all.shape[0]
    if n == 0:
        return float("nan"), float("nan")
    loss_sum, correct = 0.0, 0
    model.eval()
    with torch.no_grad(), autocast():
        for lo in range(0, n, batch_size):
            y = y_all[lo:lo + batch_size]
            out = model(normalise(x_all[lo:lo + batch_size]))
            loss_sum += float(loss_fn(out, y).float()) * y.shape[0]
            correct += int((out.argmax(1) == y).sum())
    model.train()
    return loss_sum / n, correct / n


def train(args):
    """Train (or, with --epochs 0, only evaluate) as the studio did; returns the last epoch's figures."""
    device = pick_device(args.device)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    precision = pick_precision(device)
    dtype = {{"bf16": torch.bfloat16, "fp16": torch.float16}}.get(precision)
    autocast = (lambda: torch.autocast(device.type, dtype=dtype)) if dtype else contextlib.nullcontext
    # fp16's small range needs loss scaling: an overflowed step is skipped and the scale lowered
    scaler = torch.amp.GradScaler(device.type, init_scale={INITIAL_LOSS_SCALE!r}) if precision == "fp16" else None
    train_x, train_y, val_x, val_y = load_data(args.data_root, args.train_size, args.val_size)
    mean, std = channel_stats(train_x)
    torch.manual_seed(HPARAMS["seed"])
    model = Net(NUM_CLASSES)
    if args.weights:
        model.load_state_dict(torch.load(args.weights, map_location="cpu", weights_only=True))
    model = model.to(device)
    optimizer = make_optimizer(model.parameters(), device)
    loss_fn = make_loss(NUM_CLASSES, device)
    train_x, train_y = train_x.to(device), train_y.to(device)
    val_x, val_y = val_x.to(device), val_y.to(device)
    std_t = torch.tensor(std, dtype=torch.float32, device=device).view(1, -1, 1, 1)
    mean_t = torch.tensor(mean, dtype=torch.float32, device=device).view(1, -1, 1, 1)
    scale, shift = 1.0 / (255.0 * std_t), -mean_t / std_t

    def normalise(x):             # (x / 255 - mean) / std as one fused op
        return torch.addcmul(shift, x.float(), scale)

    shuffle = torch.Generator().manual_seed(HPARAMS["seed"])
    augment_gen = torch.Generator(device=device).manual_seed(HPARAMS["seed"] + 1)
    n, bs = train_x.shape[0], HPARAMS["batch_size"]
    # A final batch of one image would break batch-norm; it is dropped.
    steps_per_epoch = max(1, math.ceil(n / bs) - (1 if n > bs and n % bs == 1 else 0))
    total_steps = args.epochs * steps_per_epoch
    eval_batch = max(bs, {EVAL_BATCH})
    result = {{"epoch": 0}}
    if args.epochs == 0:
        val_loss, val_acc = evaluate(model, val_x, val_y, normalise, loss_fn, eval_batch, autocast)
        result.update(val_loss=val_loss, val_acc=val_acc)
        report(result, args.json)
    step = 0
    model.train()
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        loss_sum, correct, seen = 0.0, 0, 0
        perm = torch.randperm(n, generator=shuffle).to(device)
        for i in range(steps_per_epoch):
            idx = perm[i * bs:(i + 1) * bs]
            x = train_x.index_select(0, idx)
{{augment_call}}            x = normalise(x)
            y = train_y.index_select(0, idx)
            for group in optimizer.param_groups:
                group["lr"] = HPARAMS["lr"] * lr_factor(step, total_steps, steps_per_epoch)
            with autocast():
                out = model(x)
                loss = loss_fn(out, y)
            optimizer.zero_grad(set_to_none=True)
            if scaler is None:
                loss.backward()
                optimizer.step()
            else:
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()
            step += 1
            loss_sum += float(loss) * y.shape[0]
            correct += int((out.argmax(1) == y).sum())
            seen += y.shape[0]
        val_loss, val_acc = evaluate(model, val_x, val_y, normalise, loss_fn, eval_batch, autocast)
        result = {{"epoch": epoch, "step": step, "train_loss": loss_sum / seen, "train_acc": correct / seen,
                  "val_loss": val_loss, "val_acc": val_acc, "lr": optimizer.param_groups[0]["lr"],
                  "seconds": time.perf_counter() - started}}
        report(result, args.json)
    if args.save:
        torch.save({{k: v.detach().cpu() for k, v in model.state_dict().items()}}, args.save)
    return result


def report(result, as_json):
    if as_json:
        print(json.dumps(result), flush=True)
    elif "train_loss" in result:
        print(f"epoch {{result['epoch']}}: train loss {{result['train_loss']:.4f}} acc {{result['train_acc']:.3f}}, "
              f"val loss {{result['val_loss']:.4f}} acc {{result['val_acc']:.3f}} ({{result['seconds']:.1f}} s)", flush=True)
    else:
        print(f"val loss {{result['val_loss']:.4f}} acc {{result['val_acc']:.3f}}", flush=True)
'''


def loop_section(augment_mode: str) -> str:
    """``channel_stats``, ``pick_device``, ``pick_precision``, ``evaluate``, ``train`` and ``report``."""
    call = "            x = augment(x, augment_gen)   # on uint8: a quarter of the memory traffic\n" \
        if augment_mode != "none" else ""
    return LOOP.replace("{augment_call}", call)
