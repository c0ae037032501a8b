"""``python -m coekg``: the same as the ``coekg`` command."""

from coekg.cli import main

if __name__ == "__main__":
    main()
