#!/usr/bin/env python3
"""Contract tests for openapi.yaml: documents shaped as the service writes them must validate against
their schema, and documents that drift from it (a missing always-present field, an extra field,
another method's parameter, a wrong enum value) must not.

Run from anywhere: python3 scripts/test_openapi.py [openapi.yaml]. Prints 'N passed, N failed'
and exits non-zero if any case fails.
"""

import copy
import sys
from pathlib import Path

import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker

SPEC = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "openapi.yaml"
DOCUMENT = yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def validator(schema_name: str) -> OAS30Validator:
    # The wrapper carries `components` so that every `#/components/...` $ref resolves in place.
    wrapper = {"$ref": f"#/components/schemas/{schema_name}", "components": DOCUMENT["components"]}
    return OAS30Validator(wrapper, format_checker=oas30_format_checker)


def changed(document: dict, path: str, value=..., *, remove: bool = False) -> dict:
    """A deep copy of `document` with the dotted `path` set to `value` (or removed)."""
    result = copy.deepcopy(document)
    node = result
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if remove:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return result


# ---------- documents shaped as the service writes them ----------
T0 = "2026-12-01T21:00:00.000Z"

POOL = {
    "object": "pool", "name": "gsm8k.train", "description": None, "metadata": None,
    "created_at": T0, "item_count": 2,
    "features": [
        {"name": "embedding", "embedder": "hashing-1024",
         "checkpoints": [{"label": "default", "dim": 1024, "weight": 1, "rows": 2}]},
        {"name": "grads", "checkpoints": [{"label": "ckpt-1", "dim": 8192, "weight": 0.5, "rows": 1},
                                          {"label": "ckpt-2", "dim": 4096, "weight": 0.5, "rows": 0}]},
    ],
}
FEATURE = {"object": "feature", "pool": "gsm8k.train", "name": "grads", "embedder": None,
           "checkpoints": [{"label": "ckpt-1", "dim": 8192, "weight": 0.5, "rows": 1, "complete": False}]}
ITEM = {"object": "item", "id": "q-001", "index": 0, "question": "2+2?", "answer": "4", "text": None,
        "metadata": {"split": "train", "level": 3, "verified": True}}
EXEMPLAR = {"id": "q-7", "index": 6, "question": "3+4?", "answer": "7", "score": 0.91,
            "rank": 1, "first_stage_rank": 3}
EXEMPLARS = {
    "object": "exemplars", "method": "lore", "k": 1, "requested_k": 8, "prompt_format": "text", "cot": "First, ...",
    "exemplars": [EXEMPLAR], "prompt_bytes": 86, "skipped": [], "prompt": "Q: 3+4?\nA: 7\n\nQ: 2+2?\nA:",
    "messages": [{"role": "user", "content": "Q: 3+4?\nA: 7\n\nQ: 2+2?\nA:"}],
    "diagnostics": {"lore": {"rank": 5, "lossless": True, "eigengap": 0.12}},
    "timings_ms": {"llm": 812.5, "embed": 3.1, "first_stage": 0.4, "rerank": 0.2, "total": 820.0},
    "cache": {"cot": "miss", "embedding": "hit"},
    "warnings": ["only 1 item matches the filter: k lowered from 8 to 1"],
}
SELECTION_REQUEST = {
    "candidates": {"pool": "tulu", "feature": "less"},
    "targets": {"pool": "bbh", "feature": "less"},
    "method": "round_robin", "budget": {"k": 1000}, "params": {},
    "checkpoint_weights": {"ckpt-1": 0.25, "ckpt-2": 0.75}, "seed": 0,
}
JOB = {
    "object": "job", "id": "job_01HXYZ", "kind": "selection", "status": "queued",
    "progress": {"stage": None, "done": 0, "total": 0},
    "created_at": T0, "started_at": None, "finished_at": None, "last_progress_at": None,
    "request": SELECTION_REQUEST,
}
FAILED_EMBED_JOB = {
    **JOB, "kind": "embed", "status": "failed",
    "progress": {"stage": "embed", "done": 10, "total": 20},
    "started_at": T0, "finished_at": T0, "last_progress_at": T0,
    "error": {"type": "upstream_error", "message": "the embedder answered 500", "upstream_status": 500},
    "request": {"pool": "gsm8k.train", "feature": "embedding", "checkpoint": "default", "template": "{question}\n{answer}"},
}
SELECTION_RESULT = {
    "object": "selection", "method": "round_robin", "k": 2,
    "selected": [{"rank": 1, "id": "a", "index": 4, "score": 0.8, "picked_by": 0},
                 {"rank": 2, "id": "b", "index": 1, "score": 0.7, "picked_by": 1}],
    "diagnostics": {}, "warnings": [], "offset": 0, "limit": 1000, "total": 2,
}
TAROT_RESULT = {
    **SELECTION_RESULT, "method": "tarot", "k": 1,
    "selected": [{"rank": 1, "id": "a", "index": 0, "score": None, "weight": -0.02}],
    "diagnostics": {"mode": "otm", "ratio": 0.5, "folds": [{"proposers": [0], "best_k": 1, "best_cost": None}],
                    "checkpoints": [{"label": "default", "rank_used": 3}]},
}
EXEMPLARS_REQUEST = {
    "pool": "gsm8k.train", "question": "Natalia sold 48 clips ...", "k": 8, "method": "lore",
    "feature": "embedding", "checkpoint": "default", "m": 64, "n_components": 128, "lambda": 0.5,
    "sigma": 0.5, "seed": 0, "dual_query": True, "initial_ids": ["q-1", "q-2"], "initial_k": 4,
    "cot": "She sold ...", "query_vector": [0.0, 1.0],
    "filter": {"metadata.split": "train", "metadata.level": [1, 2]},
    "exclude_ids": ["q-9"], "include_prompt": False, "generate": False,
    "prompt_format": "chat", "instruction": "Reason step by step.", "answer_pattern": "The answer is (\\d+)",
    "generation": {"temperature": 0, "max_tokens": 200, "cot_max_tokens": 150, "stop": ["###"], "seed": 1},
}
CHAT_EXEMPLARS = {
    **EXEMPLARS, "prompt_format": "chat", "answer": "3 + 4 = 7.\nThe answer is 7.", "answer_value": "7",
    "usage": {"prompt_tokens": 52, "completion_tokens": 11},
    "cache": {"cot": "miss", "embedding": "hit", "answer": "miss"},
    "messages": [{"role": "system", "content": "Reason step by step."}, {"role": "user", "content": "3+4?"},
                 {"role": "assistant", "content": "The answer is 7."}, {"role": "user", "content": "2+2?"}],
}
del CHAT_EXEMPLARS["prompt"]
ERROR = {"error": {"type": "invalid_request", "code": "unknown_parameter",
                   "message": "unknown parameter \"groups\"", "param": "params.groups"}}

ACCEPTED = [
    ("Health", {"status": "ok", "version": "1.0.0", "database": "ok"}),
    ("HealthUnavailable", {"status": "unavailable", "version": "1.0.0", "database": "disk I/O error"}),
    ("Pool", POOL),
    ("Pool", {**POOL, "description": "GSM8K", "metadata": {"source": {"url": "x"}}, "features": []}),
    ("PoolList", {"object": "list", "data": [POOL], "next_cursor": "eyJhZnRlciI6MX0"}),
    ("PoolList", {"object": "list", "data": [], "next_cursor": None}),
    ("Item", ITEM),
    ("Item", {"object": "item", "id": "t" * 256, "index": 41, "question": None, "answer": None,
              "text": "only text", "metadata": {}}),
    ("ItemList", {"object": "list", "data": [ITEM], "next_cursor": None}),
    ("UpsertItemsResult", {"inserted": 3, "updated": 1}),
    ("Feature", FEATURE),
    ("ExemplarsResponse", EXEMPLARS),
    ("ExemplarsResponse", CHAT_EXEMPLARS),
    ("ExemplarsResponse", {**CHAT_EXEMPLARS, "answer_value": None, "usage": {"prompt_tokens": None, "completion_tokens": None}}),
    ("ExemplarsResponse", {**EXEMPLARS, "method": "random", "cot": None, "answer": "4",
                           "exemplars": [{**EXEMPLAR, "score": None, "first_stage_rank": None,
                                          "question": None, "answer": None}]}),
    ("Job", JOB),
    ("Job", FAILED_EMBED_JOB),
    ("JobList", {"object": "list", "data": [FAILED_EMBED_JOB, JOB], "next_cursor": None}),
    ("SelectionResult", SELECTION_RESULT),
    ("SelectionResult", TAROT_RESULT),
    ("SelectionResultNdjson", SELECTION_RESULT["selected"]),
    ("SelectionResultNdjson", [{**SELECTION_RESULT["selected"][0], "question": "q?", "answer": None,
                                "text": None, "metadata": {"split": "train", "level": 2}},
                               {"rank": 2, "id": "gone", "index": 1, "score": 0.1, "question": None,
                                "answer": None, "text": None, "metadata": None}]),
    ("SelectionResultCsv", [{"rank": 1, "id": "a", "index": 0, "score": None, "weight": -0.02}]),
    ("Error", ERROR),
    ("Error", {"error": {"type": "not_found", "message": "no pool \"x\""}}),
    ("CreatePoolRequest", {"name": "a_b.c-1", "description": "d", "metadata": {"k": [1, 2]}}),
    ("UpsertItemsRequest", {"items": [{"id": "q-1", "question": "?", "answer": "!",
                                       "metadata": {"a": 1.5, "b": False}}, {"id": "t", "text": "x"}]}),
    ("ItemsNdjsonBody", [{"id": "q-1", "text": "x"}]),
    ("FeatureNdjsonBody", [{"id": "q-1", "vector": [0.1, -2, 3e-3]}]),
    ("EmbedRequest", {}),
    ("EmbedRequest", {"template": "{question}\n{answer}"}),
    ("ExemplarsRequest", EXEMPLARS_REQUEST),
    ("ExemplarsRequest", {"pool": "p", "question": "q"}),
    ("SelectionRequest", SELECTION_REQUEST),
    ("SelectionRequest", {"candidates": {"pool": "p", "feature": "f"}, "method": "random",
                          "budget": {"fraction": 0.05}}),
    ("SelectionRequest", {"candidates": {"pool": "p", "feature": "f"}, "method": "tarot",
                          "targets": {"vectors": [[1, 2], [3, 4]]}, "budget": None,
                          "params": {"k_folds": 5, "ridge": 0, "last_layer": "min_potential"}, "seed": 42}),
    ("SelectionRequest", {"candidates": {"pool": "p", "feature": "f"}, "method": "tarot",
                          "targets": {"checkpoints": {"a": [[1.0]], "b": [[2.0, 3.0]]}}}),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "less", "params": {"groups": 9}}),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "less", "params": {"groups": [0, 0, 1]}}),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "gist",
                          "params": {"rank": 6, "energy": 1, "target_mode": "all"}}),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "uot",
                          "params": {"eps": 0.01, "reg_m": 1e-4, "max_iter": 1000, "tol": 1e-6}}),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "knn_uniform",
                          "params": {"L": 5000, "alpha": 0.01, "C": 5.0}}),
]

REJECTED = [
    ("Pool", changed(POOL, "item_count", remove=True), "an always-present field is missing"),
    ("Pool", changed(POOL, "items", []), "an unknown field"),
    ("Pool", changed(POOL, "object", "pools"), "a wrong object kind"),
    ("Pool", changed(POOL, "name", "a b"), "a name outside the pattern"),
    ("Pool", changed(POOL, "features.0.checkpoints.0.dim", 0), "a zero dim"),
    ("PoolList", {"object": "list", "data": []}, "next_cursor missing"),
    ("Item", changed(ITEM, "metadata", {"a": {"nested": 1}}), "a nested metadata value"),
    ("Item", changed(ITEM, "id", "x" * 257), "an id over 256"),
    ("Feature", changed(FEATURE, "embedder", remove=True), "embedder must always be present"),
    ("Feature", changed(FEATURE, "checkpoints.0.complete", remove=True), "complete missing"),
    ("ExemplarsResponse", changed(EXEMPLARS, "exemplars.0.score", remove=True), "score must be present even when null"),
    ("ExemplarsResponse", changed(EXEMPLARS, "exemplars.0.rank", 0), "rank is 1-based"),
    ("ExemplarsResponse", changed(EXEMPLARS, "prompt_bytes", remove=True), "prompt_bytes missing"),
    ("ExemplarsResponse", changed(EXEMPLARS, "skipped", [{"id": "x", "index": 3}]), "a skipped exemplar without its rank"),
    ("ExemplarsResponse", changed(EXEMPLARS, "cache.cot", "stale"), "a cache outcome outside the enum"),
    ("ExemplarsResponse", changed(EXEMPLARS, "timings_ms.llm", remove=True), "a timing missing"),
    ("ExemplarsResponse", changed(EXEMPLARS, "warnings", remove=True), "warnings missing"),
    ("ExemplarsResponse", changed(EXEMPLARS, "prompt_format", remove=True), "prompt_format missing"),
    ("ExemplarsResponse", changed(CHAT_EXEMPLARS, "messages.0.role", "tool"), "a role outside the enum"),
    ("Job", changed(JOB, "status", "done"), "a status outside the enum"),
    ("Job", changed(JOB, "started_at", remove=True), "started_at must be present even when null"),
    ("Job", changed(JOB, "request.params", {"groups": "each"}), "an echoed request with another method's key"),
    ("SelectionResult", changed(SELECTION_RESULT, "total", remove=True), "total missing"),
    ("SelectionResult", changed(SELECTION_RESULT, "selected.0.all_scores", [1]), "an unknown row field"),
    ("SelectionResult", changed(SELECTION_RESULT, "limit", 100001), "a limit over 100000"),
    ("SelectionResultCsv", [{"rank": 1, "id": "a", "index": 0, "score": 0.5}], "a CSV row without its weight cell"),
    ("SelectionResultNdjson", [{"rank": 1, "id": "a", "index": 0, "score": 0.5, "metadata": {"m": [1]}}],
     "include=items metadata with a nested value"),
    ("Error", {"error": {"type": "bad_thing", "message": "m"}}, "a type outside the enum"),
    ("Error", {"error": {"type": "internal"}}, "message missing"),
    ("Error", {"error": {"type": "internal", "message": "m", "stack": "..."}}, "an unknown error field"),
    ("CreatePoolRequest", {"description": "d"}, "name missing"),
    ("CreatePoolRequest", {"name": "p", "owner": "me"}, "an unknown field"),
    ("UpsertItemsRequest", {"items": [{"question": "?"}]}, "an item without id"),
    ("UpsertItemsRequest", {"items": [{"id": ""}]}, "an empty id"),
    ("FeatureNdjsonBody", [{"id": "q", "vector": []}], "an empty vector"),
    ("EmbedRequest", {"template": "x", "model": "y"}, "an unknown field"),
    ("ExemplarsRequest", {"question": "q"}, "pool missing"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "method": "dq"}, "a re-ranker outside the enum"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "prompt_format": "markdown"}, "a prompt format outside the enum"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "generation": {"top_p": 0.9}}, "an unknown generation setting"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "generation": {"stop": ["a", "b", "c", "d", "e"]}}, "five stop sequences"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "lambda": 1.5}, "lambda outside [0, 1]"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "sigma": 0}, "sigma must be > 0"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "filter": {"metadata.a": {"b": 1}}}, "an object filter value"),
    ("ExemplarsRequest", {**EXEMPLARS_REQUEST, "budget": {"k": 1}}, "an unknown field"),
    ("SelectionRequest", {**SELECTION_REQUEST, "budget": {"k": 1, "fraction": 0.5}}, "both k and fraction"),
    ("SelectionRequest", {**SELECTION_REQUEST, "budget": None}, "a null budget outside tarot"),
    ("SelectionRequest", changed(SELECTION_REQUEST, "budget", remove=True), "no budget outside tarot"),
    ("SelectionRequest", {**SELECTION_REQUEST, "budget": {"k": -1}}, "a negative k"),
    ("SelectionRequest", {**SELECTION_REQUEST, "budget": {"fraction": 1.01}}, "a fraction over 1"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "uot", "params": {"groups": "each"}}, "another method's key"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "doubly_greedy", "params": {"groups": "all"}}, "doubly_greedy takes no groups"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "random", "params": {"seed": 1}}, "seed inside params"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "less", "params": {"k": 5}}, "k inside params"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "lore"}, "a method outside the enum"),
    ("SelectionRequest", {**SELECTION_REQUEST, "priority": 1}, "an unknown top-level field"),
    ("SelectionRequest", changed(SELECTION_REQUEST, "targets", remove=True), "targets missing for round_robin"),
    ("SelectionRequest", {**SELECTION_REQUEST, "targets": {"pool": "p", "feature": "f", "vectors": [[1]]}}, "targets of two kinds"),
    ("SelectionRequest", {**SELECTION_REQUEST, "targets": {"vectors": []}}, "no target vectors"),
    ("SelectionRequest", {**SELECTION_REQUEST, "seed": -1}, "a negative seed"),
    ("SelectionRequest", {**SELECTION_REQUEST, "checkpoint_weights": {"a": -1}}, "a negative weight"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "knn_uniform", "params": {"alpha": 1}}, "alpha outside (0, 1)"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "gist", "params": {"energy": 0}}, "energy outside (0, 1]"),
    ("SelectionRequest", {**SELECTION_REQUEST, "method": "tarot", "params": {"last_layer": "mean"}}, "a last_layer outside the enum"),
]


def main() -> int:
    passed = failed = 0
    for name, instance in ACCEPTED:
        errors = list(validator(name).iter_errors(instance))
        if errors:
            failed += 1
            print(f"FAIL {name} should accept {str(instance)[:100]}: {errors[0].message[:200]}")
        else:
            passed += 1
    for name, instance, why in REJECTED:
        if validator(name).is_valid(instance):
            failed += 1
            print(f"FAIL {name} should reject ({why}): {str(instance)[:100]}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
