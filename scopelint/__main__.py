import os
import sys

# `python -m` puts the current directory first on sys.path: a scanned tree's yaml.py or
# click.py would be imported (run) instead of the real ones. Keep only scopelint's own folder.
_here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd()) or os.path.abspath(p or ".") == _here]

from scopelint.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
