-- POSTs BODY; "%ID%" takes a random id from the file IDS, "%PG%" a random page from 1 to PAGES.
-- The request script of bench/server.sh and bench/postgres.sh (wrk -s).
local ids = {}
local body = os.getenv("BODY")
local pages = tonumber(os.getenv("PAGES") or "1")
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
math.randomseed(os.time())
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
    local text = body:gsub("%%ID%%", ids[math.random(#ids)])
    text = text:gsub("%%PG%%", tostring(math.random(pages)))
    return wrk.format(nil, nil, nil, text)
end
