"""Allow ``python -m itsmkit``."""

from itsmkit.cli.app import main

if __name__ == "__main__":
    main()
