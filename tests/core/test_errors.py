"""one_sentence: the one place an exception becomes text for a person; out of memory by type."""
import pytest
import torch

from convnet_studio.core.errors import OUT_OF_MEMORY, is_out_of_memory, one_sentence


@pytest.mark.parametrize("exc, sentence", [
    (ZeroDivisionError("division by zero"), "Division by zero."),
    (RuntimeError("shapes do not match\nat line 3 of the kernel"), "Shapes do not match."),
    (ValueError("\n  the first line is blank  \nsecond"), "The first line is blank."),
    (ValueError("is this a question?"), "Is this a question?"),
    (OSError("stop!"), "Stop!"),
    (KeyError(), "KeyError."),
    (RuntimeError("   "), "RuntimeError."),
])
def test_one_sentence_is_the_first_line_capitalised_and_punctuated(exc, sentence):
    assert one_sentence(exc) == sentence


@pytest.mark.parametrize("exc", [
    MemoryError(),
    torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB"),
    torch.cuda.OutOfMemoryError("allocator gave up"),
])
def test_out_of_memory_is_recognised_by_type(exc):
    assert is_out_of_memory(exc)
    assert one_sentence(exc) == OUT_OF_MEMORY and "batch size" in OUT_OF_MEMORY


def test_out_of_memory_words_in_another_error_are_just_its_message():
    exc = RuntimeError("the report says: out of memory (a test fixture)")
    assert not is_out_of_memory(exc)
    assert one_sentence(exc) == "The report says: out of memory (a test fixture)."


def test_a_failed_cpu_allocation_is_out_of_memory():
    try:
        torch.empty(1 << 62, dtype=torch.uint8)
    except Exception as exc:        # torch gives this failure no type of its own
        assert is_out_of_memory(exc)
        assert one_sentence(exc) == OUT_OF_MEMORY
    else:
        pytest.skip("this machine allocated 4 EiB")
