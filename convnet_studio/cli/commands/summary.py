"""``convnet-studio summary``: the layer table of a network for a dataset's input."""
from __future__ import annotations

from ..arguments import add_dataset_args, add_model_args, dataset_options, emit, open_model_from_args, spec_from_args
from ..errors import UsageError

NAME = "summary"


def add_parser(sub) -> None:
    """Add the ``summary`` sub-parser."""
    s = sub.add_parser(NAME, help="print the layer table of a network")
    add_model_args(s)
    add_dataset_args(s, purpose="whose input shape and classes to use")
    s.add_argument("--data-root", metavar="DIR")
    s.add_argument("--json", action="store_true")


def run(args) -> int:
    """Print the layer table (index, type, output shape, parameters, mult-adds) and totals."""
    from ...core.data.dataset import DatasetError
    from ...core.data.sources import DEFAULT_DATASET, dataset_shape
    from ...core.model.builder import infer_shapes, summarize
    from ...core.model.spec import SpecError

    if getattr(args, "model", None):
        return _opened_summary(args)
    spec = spec_from_args(args)
    try:
        input_shape, num_classes = dataset_shape(args.dataset or DEFAULT_DATASET, data_root=args.data_root,
                                                 **dataset_options(args))
    except DatasetError as exc:
        raise UsageError(str(exc)) from None
    try:
        infos = infer_shapes(spec, input_shape, num_classes)
    except SpecError as exc:
        raise UsageError(str(exc)) from None
    total_params, total_mult_adds = summarize(infos)
    if args.json:
        emit({"name": spec.name, "input_shape": list(input_shape), "num_classes": num_classes,
              "layers": [{"index": i.index, "type": i.kind, "label": i.label,
                          "output_shape": list(i.output_shape), "params": i.params,
                          "mult_adds": i.mult_adds} for i in infos],
              "total_params": total_params, "total_mult_adds": total_mult_adds})
        return 0
    rows = [("#", "layer", "output shape", "params", "mult-adds")]
    rows.append(("", "input", "×".join(map(str, input_shape)), "", ""))
    rows += [(str(i.index), i.label, "×".join(map(str, i.output_shape)), f"{i.params:,}", f"{i.mult_adds:,}")
             for i in infos]
    widths = [max(len(r[c]) for r in rows) for c in range(5)]
    print(f"{spec.name}: {spec.description}" if spec.description else spec.name)
    for r in rows:
        print(f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}  "
              f"{r[4]:>{widths[4]}}")
    print(f"total: {total_params:,} parameters, {total_mult_adds:,} mult-adds per image")
    return 0


def _opened_summary(args) -> int:
    """The module tree of ``--model``: path, type, output shape for one image, parameters."""
    from ...core.model.external.layers import discover_layers
    if args.dataset or args.image_size is not None or args.grayscale:
        raise UsageError("--model uses the model's own input (set it with --input-size), not --dataset")
    opened = open_model_from_args(args)
    layers = discover_layers(opened.module, opened.meta.input_shape)
    total = sum(p.numel() for p in opened.module.parameters())
    meta = opened.meta
    if args.json:
        emit({"name": opened.source.title, "source": opened.source.to_dict(), "input_shape": list(meta.input_shape),
              "num_classes": meta.num_classes, "mean": list(meta.mean), "std": list(meta.std),
              "class_names": list(meta.class_names),
              "layers": [{"path": l.path, "type": l.kind, "depth": l.depth, "leaf": l.leaf,
                          "output_shape": list(l.output_shape), "params": l.params} for l in layers],
              "total_params": total})
        return 0
    rows = [("layer", "type", "output shape", "params"), ("input", "", "×".join(map(str, meta.input_shape)), "")]
    rows += [("  " * (l.depth - 1) + l.path, l.kind, "×".join(map(str, l.output_shape)) or "-", f"{l.params:,}")
             for l in layers]
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    print(f"{opened.source.title} ({opened.source.kind}): {meta.num_classes} classes")
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}")
    print(f"total: {total:,} parameters")
    return 0
