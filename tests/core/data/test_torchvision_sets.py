"""torchvision datasets read from tiny files written in their real on-disk formats."""
import functools
import gzip
import hashlib
import http.server
import pickle
import socket
import struct
import tarfile
import threading
import urllib.error

import numpy as np
import pytest
import torch
import torchvision.datasets as tvd

from convnet_studio.core.util import download as download_mod
from convnet_studio.core.data.sources import load_dataset
from convnet_studio.core.data.dataset import DatasetError

MNIST_DIRS = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "kmnist": "KMNIST"}


def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def _write_mnist(root, name, n_train=12, n_test=5, gz=True, seed=0):
    rng = np.random.default_rng(seed)
    raw = root / MNIST_DIRS[name] / "raw"
    raw.mkdir(parents=True)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28)),
              "train-labels-idx1-ubyte": rng.integers(0, 10, n_train),
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28)),
              "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test)}
    for stem, array in arrays.items():
        data = _idx_bytes(array)
        if gz:
            (raw / f"{stem}.gz").write_bytes(gzip.compress(data))
        else:
            (raw / stem).write_bytes(data)
    return raw, arrays


def _error(**kwargs) -> str:
    with pytest.raises(DatasetError) as info:
        load_dataset(**kwargs)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def offline(monkeypatch):
    """Make every name lookup fail at once, as it does without a network."""
    def no_dns(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


# ---- MNIST family -----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MNIST_DIRS))
def test_mnist_family_reads_gzipped_idx_files(tmp_path, name):
    _, arrays = _write_mnist(tmp_path, name)
    ds = load_dataset(name, data_root=tmp_path, download=False)
    assert ds.name == name and ds.num_classes == 10
    assert ds.train_x.shape == (12, 1, 28, 28) and ds.train_x.dtype == torch.uint8
    assert ds.val_x.shape == (5, 1, 28, 28)
    assert ds.train_y.dtype == torch.int64
    np.testing.assert_array_equal(ds.train_x[:, 0].numpy(), arrays["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(ds.val_y.numpy(), arrays["t10k-labels-idx1-ubyte"])


def test_mnist_reads_uncompressed_idx_files_and_uses_class_names(tmp_path):
    _, arrays = _write_mnist(tmp_path, "mnist", gz=False)
    ds = load_dataset("mnist", data_root=tmp_path, download=False)
    np.testing.assert_array_equal(ds.val_x[:, 0].numpy(), arrays["t10k-images-idx3-ubyte"])
    assert ds.class_names == tuple("0123456789")
    fashion = tmp_path / "f"
    _write_mnist(fashion, "fashion-mnist")
    assert load_dataset("fashion-mnist", data_root=fashion, download=False).class_names[9] \
        == "Ankle boot"


def test_mnist_missing_without_download_says_what_to_put_where(tmp_path):
    message = _error(name_or_path="mnist", data_root=tmp_path, download=False)
    assert str(tmp_path / "MNIST" / "raw") in message
    assert "train-images-idx3-ubyte.gz" in message and "t10k-labels-idx1-ubyte.gz" in message


def test_mnist_offline_download_fails_fast_with_advice(tmp_path, offline):
    message = _error(name_or_path="kmnist", data_root=tmp_path, download=True)
    assert "could not be downloaded" in message and "no internet" in message
    assert str(tmp_path / "KMNIST" / "raw") in message
    assert not list((tmp_path / "KMNIST" / "raw").glob("*.part"))


def test_mnist_downloads_from_a_mirror_and_checks_the_checksum(tmp_path, monkeypatch):
    served = tmp_path / "server"
    raw, arrays = _write_mnist(served, "mnist")
    resources = [(p.name, hashlib.md5(p.read_bytes()).hexdigest()) for p in sorted(raw.iterdir())]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(raw))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        monkeypatch.setattr(tvd.MNIST, "mirrors", ["http://127.0.0.1:9/", url])  # 1st refuses
        monkeypatch.setattr(tvd.MNIST, "resources", resources)
        calls = []
        ds = load_dataset("mnist", data_root=tmp_path / "data",
                          progress=lambda d, t, m: calls.append(m))
        np.testing.assert_array_equal(ds.train_y.numpy(), arrays["train-labels-idx1-ubyte"])
        assert any(m.startswith("Downloading") for m in calls)

        bad = [(n, "0" * 32) for n, _ in resources]
        monkeypatch.setattr(tvd.MNIST, "resources", bad)
        message = _error(name_or_path="mnist", data_root=tmp_path / "other")
        assert "checksum" in message
    finally:
        server.shutdown()
        server.server_close()


def test_download_error_reasons_are_short(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
    monkeypatch.setattr(download_mod.urllib.request, "urlopen", refuse)
    monkeypatch.setattr(download_mod, "_check_host", lambda url, timeout: None)
    with pytest.raises(download_mod.DownloadFailed, match="Connection refused"):
        download_mod.download("http://example.invalid/x.gz", tmp_path / "x.gz")
    assert not (tmp_path / "x.gz").exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bad_magic"])
def test_corrupt_idx_file_is_named(tmp_path, damage):
    raw, _ = _write_mnist(tmp_path, "mnist")
    victim = raw / "train-images-idx3-ubyte.gz"
    data = gzip.decompress(victim.read_bytes())
    if damage == "garbage":
        victim.write_bytes(b"this is not gzip")
    elif damage == "truncated":
        victim.write_bytes(gzip.compress(data[:-100]))
    else:
        victim.write_bytes(gzip.compress(b"\x00\x00\x0d\x03" + data[4:]))
    message = _error(name_or_path="mnist", data_root=tmp_path, download=False)
    assert str(victim) in message and "damaged" in message


def test_label_count_mismatch_is_reported(tmp_path):
    raw, _ = _write_mnist(tmp_path, "mnist")
    (raw / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx_bytes(np.zeros(3))))
    message = _error(name_or_path="mnist", data_root=tmp_path, download=False)
    assert "train-labels-idx1-ubyte.gz" in message and "3 labels for 12 images" in message


# ---- CIFAR ------------------------------------------------------------------------------

def _cifar_batch(n, n_classes, label_key, rng, bytes_keys=False):
    batch = {"batch_label": "tiny", "data": rng.integers(0, 256, (n, 3072)).astype(np.uint8),
             label_key: [int(v) for v in rng.integers(0, n_classes, n)],
             "filenames": [f"img{i}.png" for i in range(n)]}
    if bytes_keys:       # the original files were pickled by Python 2: keys may be bytes
        batch = {k.encode(): v for k, v in batch.items()}
    return batch


def _write_cifar(root, name="cifar10", n=4):
    rng = np.random.default_rng(1)
    cls = tvd.CIFAR10 if name == "cifar10" else tvd.CIFAR100
    folder = root / cls.base_folder
    folder.mkdir(parents=True)
    n_classes = 10 if name == "cifar10" else 100
    label_key = "labels" if name == "cifar10" else "fine_labels"
    batches = {}
    for i, (fname, _) in enumerate(cls.train_list + cls.test_list):
        batches[fname] = _cifar_batch(n, n_classes, label_key, rng, bytes_keys=i == 0)
        (folder / fname).write_bytes(pickle.dumps(batches[fname], protocol=2))
    names = [f"class_{k}" for k in range(n_classes)]
    (folder / cls.meta["filename"]).write_bytes(pickle.dumps({cls.meta["key"]: names}))
    return folder, batches, names


def test_cifar10_reads_the_pickled_batches(tmp_path):
    folder, batches, names = _write_cifar(tmp_path)
    ds = load_dataset("cifar10", data_root=tmp_path, download=False)
    assert ds.train_x.shape == (20, 3, 32, 32) and ds.val_x.shape == (4, 3, 32, 32)
    assert ds.class_names == tuple(names)
    first = batches["data_batch_1"][b"data"][0]
    # Row layout: 1024 red, then 1024 green, then 1024 blue values, each row-major.
    assert torch.equal(ds.train_x[0], torch.from_numpy(first.reshape(3, 32, 32)))
    assert ds.train_x[0, 1, 0, 0] == first[1024]
    assert ds.val_y.tolist() == batches["test_batch"]["labels"]


def test_cifar100_uses_fine_labels(tmp_path):
    _, batches, names = _write_cifar(tmp_path, "cifar100", n=6)
    ds = load_dataset("cifar100", data_root=tmp_path, download=False)
    assert ds.num_classes == 100 and ds.class_names[99] == "class_99"
    assert ds.train_y.tolist() == batches["train"][b"fine_labels"]


def test_cifar10_is_unpacked_from_the_tarball(tmp_path):
    source = tmp_path / "src"
    folder, batches, _ = _write_cifar(source)
    data_root = tmp_path / "data"
    data_root.mkdir()
    with tarfile.open(data_root / "cifar-10-python.tar.gz", "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    calls = []
    ds = load_dataset("cifar10", data_root=data_root, download=False,
                      progress=lambda d, t, m: calls.append(m))
    assert ds.train_x.shape[0] == 20
    assert (data_root / "cifar-10-batches-py" / "test_batch").is_file()
    assert any("Unpacking" in m for m in calls)


def test_cifar_missing_offline_says_what_to_put_where(tmp_path, offline):
    message = _error(name_or_path="cifar10", data_root=tmp_path, download=True)
    assert message.startswith(f"CIFAR-10 is not in {tmp_path} and could not be downloaded")
    assert message.endswith(f"put cifar-10-python.tar.gz or the extracted cifar-10-batches-py "
                            f"folder in {tmp_path}")
    message = _error(name_or_path="cifar100", data_root=tmp_path, download=False)
    assert "cifar-100-python.tar.gz" in message and "turned off" in message


def test_corrupt_cifar_batch_and_tarball_are_named(tmp_path):
    folder, _, _ = _write_cifar(tmp_path)
    (folder / "data_batch_3").write_bytes(b"\x80\x02}q\x00(truncated")
    message = _error(name_or_path="cifar10", data_root=tmp_path, download=False)
    assert str(folder / "data_batch_3") in message
    other = tmp_path / "other"
    other.mkdir()
    (other / "cifar-10-python.tar.gz").write_bytes(b"not a tarball at all")
    message = _error(name_or_path="cifar10", data_root=other, download=False)
    assert str(other / "cifar-10-python.tar.gz") in message


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    folder, _, _ = _write_cifar(tmp_path)
    marker = tmp_path / "pwned"
    (folder / "data_batch_2").write_bytes(pickle.dumps({"data": _Evil(marker), "labels": []}))
    message = _error(name_or_path="cifar10", data_root=tmp_path, download=False)
    assert str(folder / "data_batch_2") in message and "refused" in message
    assert not marker.exists()


def test_wrongly_shaped_cifar_data_is_reported(tmp_path):
    folder, _, _ = _write_cifar(tmp_path)
    batch = {"data": np.zeros((2, 100), np.uint8), "labels": [0, 1]}
    (folder / "test_batch").write_bytes(pickle.dumps(batch))
    message = _error(name_or_path="cifar10", data_root=tmp_path, download=False)
    assert str(folder / "test_batch") in message and "(2, 100)" in message


# ---- SVHN -------------------------------------------------------------------------------

def test_svhn_reads_the_mat_files(tmp_path):
    scipy_io = pytest.importorskip("scipy.io")
    rng = np.random.default_rng(2)
    expected = {}
    for fname, n in (("train_32x32.mat", 7), ("test_32x32.mat", 3)):
        x = rng.integers(0, 256, (32, 32, 3, n)).astype(np.uint8)
        y = rng.integers(1, 11, (n, 1)).astype(np.uint8)       # 10 stands for the digit 0
        scipy_io.savemat(tmp_path / fname, {"X": x, "y": y})
        expected[fname] = (x, y)
    ds = load_dataset("svhn", data_root=tmp_path, download=False)
    x, y = expected["train_32x32.mat"]
    assert ds.train_x.shape == (7, 3, 32, 32) and ds.val_x.shape == (3, 3, 32, 32)
    assert ds.train_x[4, 2, 5, 9] == x[5, 9, 2, 4]                # (H, W, C, N) -> (N, C, H, W)
    assert ds.train_y.tolist() == [int(v) % 10 for v in y[:, 0]]
    (tmp_path / "test_32x32.mat").write_bytes(b"MATLAB 5.0 MAT-file, garbage")
    message = _error(name_or_path="svhn", data_root=tmp_path, download=False)
    assert str(tmp_path / "test_32x32.mat") in message


def test_svhn_without_scipy_says_how_to_install_it(tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.io", None)
    message = _error(name_or_path="svhn", data_root=tmp_path, download=False)
    assert "pip install scipy" in message


def test_svhn_missing_without_download(tmp_path):
    pytest.importorskip("scipy.io")
    message = _error(name_or_path="svhn", data_root=tmp_path, download=False)
    assert "train_32x32.mat and test_32x32.mat" in message and str(tmp_path) in message
