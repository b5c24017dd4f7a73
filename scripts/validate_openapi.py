#!/usr/bin/env python3
"""Validate an OpenAPI document: python3 scripts/validate_openapi.py [openapi.yaml]
(default: ./openapi.yaml).

Checks the document against the OpenAPI 3.x meta-schema with openapi-spec-validator, then the
project's own strictness rules:
- every request object schema closes itself with `additionalProperties: false`;
- every response object schema says which fields are always present (`required`) and closes
  itself (schemas shared with a request body, as a job's echoed `request`, follow the request
  rules instead);
- every operation has a unique operationId, and every /v1 operation documents 401;
- every `$ref` resolves, and the YAML repeats no key.

Exit status: 0 if valid, 1 if invalid (with one message per problem), 2 on usage or I/O errors.
"""

import sys
from pathlib import Path

try:
    import yaml
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
except ImportError as missing:  # a clear message instead of a traceback
    print(f"validate_openapi: missing Python package ({missing.name}); "
          "install with: pip install openapi-spec-validator pyyaml", file=sys.stderr)
    sys.exit(2)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class StrictLoader(yaml.SafeLoader):
    """safe_load that refuses duplicate mapping keys, which PyYAML would silently collapse
    (the later key winning), hiding half of an edit."""


def _construct_mapping_without_duplicates(loader: StrictLoader, node, deep: bool = False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise ValueError(f"duplicate key {key!r} at line {mark.line + 1}, column {mark.column + 1}")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_without_duplicates)


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=StrictLoader)
    if not isinstance(document, dict):
        raise ValueError("the top level is not a mapping")
    return document


def resolve(document: dict, ref: str):
    if not ref.startswith("#/"):
        raise KeyError(f"external reference {ref!r} is not allowed")
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"unresolved reference {ref!r}")
        node = node[part]
    return node


def walk(node, where: str):
    """Every (location, mapping) in the document, depth first."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from walk(value, f"{where}[{position}]")


def dangling_refs(document: dict) -> list[str]:
    problems = []
    for where, node in walk(document, "#"):
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                resolve(document, ref)
            except KeyError as error:
                problems.append(f"{where}: {error.args[0]}")
    return problems


def object_schemas(document: dict, schema, where: str, seen: set):
    """Every object schema reachable from `schema` (following $ref once per target)."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            return
        seen.add(ref)
        try:
            target = resolve(document, ref)
        except KeyError:
            return  # reported by dangling_refs
        yield from object_schemas(document, target, ref, seen)
        return
    if schema.get("type") == "object" and "properties" in schema:
        yield where, schema
    for key in ("properties",):
        for name, child in (schema.get(key) or {}).items():
            yield from object_schemas(document, child, f"{where}/properties/{name}", seen)
    for key in ("items", "additionalProperties", "not"):
        child = schema.get(key)
        if isinstance(child, dict):
            yield from object_schemas(document, child, f"{where}/{key}", seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for position, child in enumerate(schema.get(key) or []):
            yield from object_schemas(document, child, f"{where}/{key}[{position}]", seen)


def operations(document: dict):
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                yield path, method, item[method]


def request_body(document: dict, operation: dict) -> dict:
    body = operation.get("requestBody") or {}
    if "$ref" in body:
        body = resolve(document, body["$ref"])
    return body


def request_schema_refs(document: dict) -> set:
    """The $refs reachable from any request body: a response that echoes a request (a job's
    `request`) reuses them, and they are held to the request rules instead."""
    refs: set = set()
    for _, _, operation in operations(document):
        for content in (request_body(document, operation).get("content") or {}).values():
            for _ in object_schemas(document, content.get("schema"), "", refs):
                pass
    return refs


def strictness_problems(document: dict) -> list[str]:
    problems = []
    operation_ids = set()
    echoed = request_schema_refs(document)
    for path, method, operation in operations(document):
        name = f"{method.upper()} {path}"
        operation_id = operation.get("operationId")
        if not operation_id:
            problems.append(f"{name}: no operationId")
        elif operation_id in operation_ids:
            problems.append(f"{name}: duplicate operationId {operation_id!r}")
        operation_ids.add(operation_id)
        if path.startswith("/v1/") and "401" not in (operation.get("responses") or {}):
            problems.append(f"{name}: no 401 response although auth may be required")
        for media_type, content in (request_body(document, operation).get("content") or {}).items():
            seen: set = set()
            for where, schema in object_schemas(document, content.get("schema"), f"{name} {media_type}", seen):
                if schema.get("additionalProperties") is not False:
                    problems.append(f"{where}: request object schema without additionalProperties: false")
        for status, response in (operation.get("responses") or {}).items():
            if "$ref" in response:
                response = resolve(document, response["$ref"])
            for media_type, content in (response.get("content") or {}).items():
                seen = set(echoed)
                for where, schema in object_schemas(document, content.get("schema"), f"{name} {status} {media_type}", seen):
                    if "required" not in schema:
                        problems.append(f"{where}: response object schema does not say which fields are always present")
                    if schema.get("additionalProperties") is not False:
                        problems.append(f"{where}: response object schema with fixed fields lacks additionalProperties: false")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) > 2:
        print("usage: validate_openapi.py [openapi.yaml]", file=sys.stderr)
        return 2
    path = Path(argv[1] if len(argv) == 2 else "openapi.yaml")
    try:
        document = load(path)
    except (OSError, yaml.YAMLError, ValueError) as error:
        print(f"validate_openapi: {path}: cannot read: {error}", file=sys.stderr)
        return 2 if isinstance(error, OSError) else 1
    # Dangling $refs first: the library raises on them instead of reporting them.
    problems = dangling_refs(document)
    if not problems:
        try:
            validate(document)
        except OpenAPIValidationError as error:
            location = "/".join(str(part) for part in error.path) or "(top level)"
            problems.append(f"invalid OpenAPI at {location}: {error.message}")
        except Exception as error:  # the library's other failures, e.g. unreadable references
            problems.append(f"invalid OpenAPI: {type(error).__name__}: {error}")
    if not problems:
        problems = strictness_problems(document)
    problems = list(dict.fromkeys(problems))  # one message per problem, in document order
    for problem in problems:
        print(f"validate_openapi: {path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    count = sum(1 for _ in operations(document))
    print(f"validate_openapi: {path}: valid OpenAPI {document.get('openapi')} ({count} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
