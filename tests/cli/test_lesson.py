"""``convnet-studio lesson``: the list, and one-line errors for names that do not exist."""
import json

from tests.cli.helpers import run_cli


def test_list_json_names_every_lesson_with_its_variants(capsys):
    code, out, err = run_cli(capsys, "lesson", "--list", "--json")
    assert code == 0, err
    lessons = {entry["name"]: entry for entry in json.loads(out)}
    assert {"activations", "losses", "learning-rate", "batch-size", "pooling-vs-stride", "batchnorm",
            "augmentation"} <= set(lessons)
    assert lessons["activations"]["variants"] == ["sigmoid", "tanh", "relu"]


def test_list_text_has_one_line_per_lesson(capsys):
    code, out, _ = run_cli(capsys, "lesson", "--list")
    assert code == 0 and len(out.strip().splitlines()) >= 7 and "learning-rate" in out


def test_unknown_names_are_refused_in_one_line(capsys):
    for argv, words in ((["lesson", "nope"], "no lesson 'nope'"),
                        (["lesson", "losses", "--variant", "hinge"], "no variant 'hinge'"),
                        (["lesson"], "--list")):
        code, out, err = run_cli(capsys, *argv)
        assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1, (argv, err)


def _tiny_lesson_folder(tmp_path, monkeypatch):
    """A two-variant lesson on a handful of images, as the only lesson there is."""
    from convnet_studio.core.lessons import lesson as lesson_module
    folder = tmp_path / "lessons"
    folder.mkdir()
    data = {"format": "convnet-studio-lesson", "version": 1, "name": "tiny", "title": "Tiny",
            "explanation": "Two learning rates on a handful of images.",
            "dataset": {"name": "shapes", "n_train": 48, "n_val": 16},
            "base": {"preset": "seed", "config": {"optimizer": "sgd", "batch_size": 16, "epochs": 1,
                                                   "device": "cpu", "metrics_hz": 1e6}},
            "variants": [{"name": "slow", "label": "lr 0.01", "config": {"lr": 0.01}},
                         {"name": "fast", "label": "lr 0.05", "config": {"lr": 0.05}}]}
    (folder / "tiny.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(lesson_module, "lessons_dir", lambda: folder)


def test_each_variant_is_kept_as_a_named_tagged_run_whose_id_is_in_its_line(capsys, tmp_path, monkeypatch):
    from convnet_studio.core.runs.folder import RunFolder
    _tiny_lesson_folder(tmp_path, monkeypatch)
    runs = tmp_path / "runs"
    code, out, err = run_cli(capsys, "lesson", "tiny", "--json", "--runs-dir", str(runs))
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    variants = [line for line in lines if line["event"] == "variant"]
    assert [v["variant"] for v in variants] == ["slow", "fast"]
    assert sorted(p.name for p in runs.iterdir()) == sorted(v["run"] for v in variants)
    for line, label in zip(variants, ("lr 0.01", "lr 0.05")):
        folder = RunFolder(runs / line["run"])
        meta = folder.read_meta()
        assert meta["name"] == f"tiny: {label}" and meta["tags"] == ["lesson", "tiny"]
        assert meta["config"]["lr"] == float(label.split()[1])
        assert meta["status"] == "finished" and meta["dataset"]["name"] == "shapes"
        assert len(folder.read_metrics()) == 1 and folder.checkpoint_path("latest").is_file()


def test_no_keep_keeps_nothing_and_the_text_names_the_kept_runs(capsys, tmp_path, monkeypatch):
    _tiny_lesson_folder(tmp_path, monkeypatch)
    runs = tmp_path / "runs"
    code, out, err = run_cli(capsys, "lesson", "tiny", "--variant", "slow", "--json", "--no-keep",
                             "--runs-dir", str(runs))
    assert code == 0, err
    variant = [json.loads(line) for line in out.splitlines()][1]
    assert variant["run"] is None and not runs.exists()
    code, out, err = run_cli(capsys, "lesson", "tiny", "--variant", "fast", "--runs-dir", str(runs))
    assert code == 0, err
    (kept,) = [p.name for p in runs.iterdir()]
    assert f"kept as run(s) {kept} in {runs}" in out
