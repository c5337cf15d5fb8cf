"""Commands: one thread-safe object between whoever steers a run and the loop; bad values refused at once."""
import threading

import numpy as np
import pytest

from convnet_studio.core import events as ev
from convnet_studio.core.train.commands import Commands, check_hparams
from convnet_studio.core.train.config import ConfigError, TrainConfig
from convnet_studio.core.train.trainer import Trainer

from tests.core.toy_training import FAST, TINY_SPEC, ThreadedRun, quadrant_dataset


@pytest.mark.parametrize("bad", [
    dict(lr=-0.1), dict(lr=0), dict(lr=float("nan")), dict(lr=float("inf")), dict(lr="0.1"), dict(lr=True),
    dict(momentum=1.0), dict(momentum=-0.5), dict(momentum=float("nan")),
    dict(weight_decay=-1e-4), dict(weight_decay=float("nan")), dict(weight_decay=float("inf")),
])
def test_a_bad_hyperparameter_raises_and_nothing_is_queued(bad):
    commands = Commands()
    commands.set_hparams(lr=0.01)
    commands.take()
    with pytest.raises(ConfigError):
        commands.set_hparams(**{"lr": 0.02, **bad})
    assert not commands.pending and commands.take().hparams == {}


def test_only_live_hyperparameters_can_change():
    with pytest.raises(ConfigError, match="batch_size cannot change"):
        check_hparams({"batch_size": 16})


def test_hyperparameters_are_taken_once_and_merged():
    commands = Commands()
    commands.set_hparams(lr=0.1)
    commands.set_hparams(momentum=np.float64(0.5))
    assert commands.pending and commands.wake.is_set()
    req = commands.take()
    assert req.hparams == {"lr": 0.1, "momentum": 0.5} and type(req.hparams["momentum"]) is float
    assert not commands.pending and commands.take().hparams == {}


def test_pause_and_stop_stay_pending_until_withdrawn():
    commands = Commands()
    commands.pause()
    assert commands.take().pause and commands.pending
    commands.resume()
    assert not commands.take().pause and not commands.pending
    commands.stop()
    assert commands.take().stop and commands.take().stop


def test_snapshot_requests_are_checked_copied_and_the_newest_wins():
    commands = Commands(image_shape=(1, 4, 4))
    with pytest.raises(ValueError, match="shape"):
        commands.request_snapshot(np.zeros((3, 4, 4), np.uint8), "rgb")
    assert not commands.snapshot_pending and commands.take_snapshot() is None
    image = np.full((4, 4), 7, np.uint8)
    commands.request_snapshot(image, "first")
    commands.request_snapshot(image, "second")
    image[:] = 0
    assert commands.snapshot_pending and not commands.pending     # the loop's own requests are apart
    req = commands.take_snapshot()
    assert req.key == "second" and req.image.shape == (1, 4, 4) and int(req.image.max()) == 7
    assert not commands.snapshot_pending and commands.take_snapshot() is None
    commands.request_snapshot(None, None)
    assert commands.take_snapshot().image is None


@pytest.mark.parametrize("bad", [{-1: [0]}, {0: [-2]}, {0: [1.5]}, {0: [True]}, {"0": [1]}])
def test_bad_lesions_raise_and_the_old_ones_stay(bad):
    commands = Commands(lesions={2: [3]})
    with pytest.raises(ValueError, match="whole numbers"):
        commands.set_lesions(bad)
    assert commands.lesions == {2: (3,)}


def test_lesions_are_cleaned_and_read_as_a_copy():
    commands = Commands()
    commands.set_lesions({3: frozenset({5, 1}), 1: [], np.int64(0): (np.int64(2), 2)})
    lesions = commands.lesions
    assert lesions == {3: (1, 5), 0: (2,)}
    lesions[3] = (9,)
    assert commands.lesions[3] == (1, 5)


def test_commands_from_many_threads_all_arrive():
    commands = Commands()
    names = ("lr", "momentum", "weight_decay")

    def send(name):
        for i in range(200):
            commands.set_hparams(**{name: 0.001 * (i + 1) if name != "weight_decay" else 0.0001 * i})
    threads = [threading.Thread(target=send, args=(name,)) for name in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert commands.take().hparams == {"lr": pytest.approx(0.2), "momentum": pytest.approx(0.2),
                                       "weight_decay": pytest.approx(0.0199)}


def test_the_trainer_obeys_the_commands_object_it_was_given():
    data = quadrant_dataset()
    commands = Commands(image_shape=data.input_shape)
    commands.pause()                         # before the run exists: obeyed at its first step
    trainer = Trainer(TINY_SPEC, TrainConfig(epochs=10_000, **FAST), data, commands=commands)
    assert trainer.commands is commands
    run = ThreadedRun(trainer)
    assert run.wait_for(ev.Paused).step == 0
    commands.set_hparams(lr=0.05)
    assert run.wait_for(ev.HParamsChanged).lr == 0.05
    with pytest.raises(ConfigError):
        trainer.set_hparams(lr=-1.0)
    commands.stop()
    end = run.wait_for(ev.RunEnded)
    run.finish()
    assert end.reason == ev.EndReason.STOPPED and end.step == 0
    assert trainer.state_for_checkpoint().config.lr == 0.05
