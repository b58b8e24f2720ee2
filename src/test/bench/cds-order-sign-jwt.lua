-- wrk script: as cds-order-sign.lua (a new patient id per request), with a fresh pre-signed JWT from
-- $CDS_TOKENS (one a line, from cds-tokens.py) on every request: each jti is accepted once, so thread
-- t of $WRK_THREADS takes lines t, t + n, t + 2n, ... and a run must not need more lines than the file has.
local template = io.open(os.getenv("CDS_BODY")):read("*a")
local counter = 0
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  local step = tonumber(os.getenv("WRK_THREADS"))
  tokens = {}
  local i = 0
  for line in io.lines(os.getenv("CDS_TOKENS")) do
    if i % step == tid then
      tokens[#tokens + 1] = line
    end
    i = i + 1
  end
  math.randomseed(os.time() + tid * 7919)
end

request = function()
  counter = counter + 1
  local id = "bench-" .. math.random(1, 1000000000) .. "-" .. counter
  local body = template:gsub("s02", id)
  return wrk.format("POST", "/cds-services/aromatase-inhibitor-bone-health",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (tokens[counter] or "exhausted") }, body)
end
