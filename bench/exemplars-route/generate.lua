-- wrk -s generate.lua: POST /v1/exemplars with "generate": true and a question that differs per
-- request (so the LLM cache never answers), against a server whose LLM is scripts/stub_llm.py.
local f = assert(io.open(os.getenv("BODY_FILE") or "bench/exemplars-route/body.json"))
local body = f:read("*a")
f:close()
local head, tail = body:match('^(.-"question": ")q(".*)$')
assert(head, "body.json needs \"question\": \"q\"")
tail = tail:gsub('}%s*$', ', "generate": true}')
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function setup(thread)
    thread:set("prefix", os.time() .. "-" .. math.random(1, 1e9))
end
request = function()
    counter = counter + 1
    return wrk.format(nil, nil, nil, head .. "q " .. prefix .. " " .. counter .. tail)
end
