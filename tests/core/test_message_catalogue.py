"""Every ``Message`` the code builds names a catalogue entry with exactly the fields its template uses,
and error sentences built from Messages keep their English text and their catalogue identity."""
from __future__ import annotations

import ast
import importlib
import pickle
import string
from pathlib import Path

import pytest

import convnet_studio
from convnet_studio.core import messages
from convnet_studio.core.errors import one_sentence
from convnet_studio.core.messages import CATALOGUE, SENTENCE, Message, reason_of

PACKAGE = Path(convnet_studio.__file__).parent


def _catalogue() -> dict[str, str]:
    for module in messages.CATALOGUE_MODULES:
        importlib.import_module(module)
    return CATALOGUE


def _ids(node: ast.expr) -> list[str]:
    """The literal ids an id expression can take ("a", or "a" if x else "b"); [] when not literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _ids(node.body), _ids(node.orelse)
        return body + orelse if body and orelse else []
    return []


def _message_calls():
    """(where, ids, keyword names or None when ``**fields`` is passed) of every literal ``Message(...)``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message"
                    and node.args):
                continue
            ids = _ids(node.args[0])
            if ids:
                names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                yield f"{path.relative_to(PACKAGE)}:{node.lineno}", ids, names


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_scan_finds_the_error_messages():
    found = {msg_id for _where, ids, _names in _message_calls() for msg_id in ids}
    assert {"checkpoint.refused", "spec.cannot_read_file", "dataset.missing_no_download", "runs.meta_bad_json",
            "model.not_torchscript", "lesson.bad_json", "export.cannot_write", "config.lr"} <= found


def test_every_message_built_in_the_code_is_in_the_catalogue_with_the_fields_it_uses():
    catalogue = _catalogue()
    problems = []
    for where, ids, names in _message_calls():
        for msg_id in ids:
            if msg_id not in catalogue:
                problems.append(f"{where}: {msg_id!r} is not in the catalogue")
            elif names is not None and msg_id not in messages.STRUCTURAL and names != _fields(catalogue[msg_id]):
                problems.append(f"{where}: {msg_id!r} gets {sorted(names)}, its template uses "
                                f"{sorted(_fields(catalogue[msg_id]))}")
    assert not problems, "\n".join(problems)


def test_an_error_raised_with_a_message_becomes_a_translatable_sentence_with_the_same_english():
    from convnet_studio.core.train.checkpoint import CheckpointError, load_run
    with pytest.raises(CheckpointError) as caught:
        load_run("/nonexistent/run.pt")
    assert str(caught.value) == "cannot read the run file /nonexistent/run.pt: no such file"
    sentence = one_sentence(caught.value)
    assert sentence == "Cannot read the run file /nonexistent/run.pt: no such file."
    assert isinstance(sentence, Message) and sentence.id == SENTENCE
    assert sentence.fields["text"].id == "checkpoint.no_such_file"
    assert pickle.loads(pickle.dumps(sentence)) == sentence


def test_a_spec_error_at_a_layer_keeps_its_english_and_its_reason():
    from convnet_studio.core.model.errors import SpecError
    error = SpecError(3, Message("spec.no_layers_list"))
    assert str(error) == "layer 3: a model spec needs a 'layers' list"
    assert reason_of(error).id == "spec.at_layer" and reason_of(error).fields["reason"].id == "spec.no_layers_list"
    assert pickle.loads(pickle.dumps(error)).message.id == "spec.no_layers_list"


def test_an_error_with_plain_text_stays_plain():
    assert not isinstance(one_sentence(ValueError("plain words")), Message)
    assert reason_of(ValueError("a", "b")) == "('a', 'b')"
