"""Every lesson speaks Simplified Chinese too: its title, explanation, variant labels and notes."""
import copy
import json
import re

import pytest

from convnet_studio.core.lessons import LessonError, lesson_from_dict, lesson_names, lessons_dir, load_lesson

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", lesson_names())
def test_every_lesson_has_a_complete_chinese_translation(name):
    lesson = load_lesson(name)
    chinese = lesson.in_language("zh_CN")
    assert chinese is not lesson
    assert CJK.search(chinese.title) and CJK.search(chinese.explanation)
    assert chinese.title != lesson.title and chinese.explanation != lesson.explanation
    assert [v.name for v in chinese.variants] == [v.name for v in lesson.variants]
    for english, translated in zip(lesson.variants, chinese.variants):
        assert translated.label.strip() and translated.config == english.config and translated.spec == english.spec
        assert bool(translated.note) == bool(english.note)
        if english.note:
            assert CJK.search(translated.note) and translated.note != english.note


def test_english_and_unknown_languages_keep_the_english_texts():
    lesson = load_lesson("learning-rate")
    assert lesson.in_language("en") is lesson and lesson.in_language("de") is lesson


def _raw(name="learning-rate"):
    return json.loads((lessons_dir() / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("break_it, words", [
    (lambda t: t.pop("title"), "needs a non-empty 'title'"),
    (lambda t: t["variants"].pop("lr-0.1"), "needs a label for the variant 'lr-0.1'"),
    (lambda t: t["variants"]["lr-1"].pop("note"), "needs a note for the variant 'lr-1'"),
    (lambda t: t["variants"].update({"lr-9": {"label": "x"}}), "variant 'lr-9' that the lesson does not have"),
])
def test_an_incomplete_translation_is_refused_in_one_sentence(break_it, words):
    data = copy.deepcopy(_raw())
    break_it(data["translations"]["zh_CN"])
    with pytest.raises(LessonError, match=re.escape(words)) as caught:
        lesson_from_dict(data, "learning-rate.json")
    assert "zh_CN translation" in str(caught.value) and "\n" not in str(caught.value)
