"""`python -m digest` behaves exactly like the `digest` command."""

from digest.cli import main

if __name__ == "__main__":
    main()
