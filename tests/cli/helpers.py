"""Helpers the CLI tests share."""
from convnet_studio.cli import main


def run_cli(capsys, *argv):
    """Run ``convnet-studio ARGV`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
