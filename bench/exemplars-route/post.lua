-- wrk -s post.lua: POST /v1/exemplars with a fixed query_vector (body built by setup.py).
local f = assert(io.open(os.getenv("BODY_FILE") or "bench/exemplars-route/body.json"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
