"""Which files go into the wheel (everything else about the project is in pyproject.toml).

The top-level ``resources/`` folder (presets, lessons, stylesheet) is installed as
``convnet_studio/resources``, where ``convnet_studio/paths.py`` looks first.
pyproject.toml cannot add a package from another folder to those that
``packages.find`` discovers, so the list is made here.
"""
from setuptools import find_packages, setup

RESOURCES = "convnet_studio.resources"

setup(
    packages=[*find_packages(include=["convnet_studio", "convnet_studio.*"]), RESOURCES],
    package_dir={RESOURCES: "resources"},
    package_data={RESOURCES: ["*.qss", "presets/*.json", "lessons/*.json", "icons/*", "translations/*"]},
)
