#!/usr/bin/env python3
"""Validates JSON documents against the C interface's schemas (schemas/cr-*.schema.json,
JSON Schema 2020-12) with Debian's python3-jsonschema.

usage: check_json_schemas.py SCHEMA_DIR [--strict] SCHEMA=FILE...

SCHEMA is a schema's name without .schema.json (e.g. cr-result); FILE holds one JSON
document. Every schema is first checked to be a valid 2020-12 schema. With --strict an
object may only have the keys its schema names (the schemas themselves allow new keys,
for hosts built against an older version): so what the library emits today is
documented in full. Prints one line per document; exits 1 if any fails."""
import copy
import json
import os
import sys

import jsonschema


def strict(schema):
    """The schema with unevaluatedProperties: false wherever it names properties."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["unevaluatedProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def main():
    args = sys.argv[1:]
    schema_dir = args.pop(0)
    make_strict = "--strict" in args
    args = [a for a in args if a != "--strict"]
    failures = 0
    validators = {}
    for pair in args:
        name, path = pair.split("=", 1)
        if name not in validators:
            with open(os.path.join(schema_dir, name + ".schema.json"), encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[name] = jsonschema.Draft202012Validator(strict(schema) if make_strict
                                                               else schema)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            document = json.loads(text)
        except ValueError as error:
            print(f"FAIL {name} {os.path.basename(path)}: not JSON: {error}")
            failures += 1
            continue
        errors = sorted(validators[name].iter_errors(document), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path)
            print(f"FAIL {name} {os.path.basename(path)} at /{where}: {errors[0].message}")
            failures += 1
        else:
            print(f"ok   {name} {os.path.basename(path)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
