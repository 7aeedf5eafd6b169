#!/usr/bin/env python3
"""Checks recorded HTTP answers of the service against schemas/openapi.json.

usage: check_openapi.py OPENAPI_JSON ANSWERS_JSON
ANSWERS_JSON: [{"method","path","status","contentType","body"}]. Every answer's path,
method and status must be documented, and a JSON body must validate against the
documented schema (JSON Schema 2020-12, $refs into the document resolved).
"""
import json
import re
import sys

import jsonschema

spec = json.load(open(sys.argv[1], encoding="utf-8"))
answers = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})
failures = 0


def operation(path, method):
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path.split("?")[0]) and method.lower() in item:
            return template, item[method.lower()]
    return None, None


for answer in answers:
    where = f'{answer["method"]} {answer["path"]} → {answer["status"]}'
    template, op = operation(answer["path"], answer["method"])
    if op is None:
        print("FAIL undocumented path:", where)
        failures += 1
        continue
    response = op["responses"].get(str(answer["status"]))
    if response is None:
        print("FAIL undocumented status:", where)
        failures += 1
        continue
    media = answer["contentType"].split(";")[0].strip()
    content = response.get("content", {})
    if content and media not in content:
        print("FAIL undocumented content type", media, ":", where)
        failures += 1
        continue
    schema = content.get(media, {}).get("schema")
    if schema and media == "application/json":
        document = dict(schema)
        document["components"] = spec["components"]
        validator = jsonschema.Draft202012Validator(document)
        errors = list(validator.iter_errors(json.loads(answer["body"])))
        if errors:
            print("FAIL", where, "-", errors[0].message)
            failures += 1
            continue
    print("ok  ", where)
sys.exit(1 if failures else 0)
