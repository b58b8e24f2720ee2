-- wrk script: POSTs the full-prefetch order-sign request, each time for another patient id, so
-- that no per-patient cache answers for the service.
local template = io.open(os.getenv("CDS_BODY")):read("*a")
local counter = 0
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)

request = function()
  counter = counter + 1
  local id = "bench-" .. math.random(1, 1000000000) .. "-" .. counter
  local body = template:gsub("s02", id)
  return wrk.format("POST", "/cds-services/aromatase-inhibitor-bone-health",
    { ["Content-Type"] = "application/json" }, body)
end
