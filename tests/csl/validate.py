"""Validates CSL-JSON files against the CSL-JSON data schema (csl-data.json), for tests/resources.rs.

Usage: validate.py SCHEMA FILE...  Prints every violation as `FILE: at PATH: MESSAGE` and exits
1 if there is one. The schema and jsonschema are installed by scripts/test into target/tools.
"""

import json
import sys

from jsonschema import Draft7Validator


def main(schema_path, files):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    # The schema declares draft-07; a schema that is not valid draft-07 would validate nothing.
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)
    failures = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"{path}: at {where}: {error.message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: validate.py SCHEMA FILE...")
    sys.exit(main(sys.argv[1], sys.argv[2:]))
