"""Lessons: the tutorial's concepts as small experiments (data files), loaded, validated and run headless."""
from .lesson import (DatasetChoice, Lesson, LessonError, Variant, lesson_from_dict, lesson_names, lessons_dir,
                     load_lesson, read_lesson)

__all__ = ["DatasetChoice", "Lesson", "LessonError", "Variant", "lesson_from_dict", "lesson_names", "lessons_dir",
           "load_lesson", "read_lesson"]
